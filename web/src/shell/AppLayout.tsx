import { useEffect, useMemo, useState } from "react";
import { Avatar, Button, Drawer, Dropdown, Layout, Menu, Space, Typography } from "antd";
import { LogoutOutlined, MenuOutlined, SearchOutlined, UserOutlined } from "@ant-design/icons";
import { useTranslation } from "react-i18next";
import { Outlet, useLocation, useNavigate } from "react-router-dom";
import { useAuth } from "../auth/AuthContext";
import { useObjects } from "../api/meta";
import { buildNav, mobileTabs, selectedKey } from "./nav";
import type { NavItem } from "./nav";
import { useIsMobile } from "./useIsMobile";
import LanguageSwitch from "./LanguageSwitch";
import NotificationsBell from "./NotificationsBell";
import SearchPalette from "./SearchPalette";
import "./layout.css";

const toMenu = (items: NavItem[]): object[] => items.map((i) => ({
  key: i.key, label: i.label, icon: i.icon, children: i.children && toMenu(i.children),
}));

export default function AppLayout() {
  const { t, i18n } = useTranslation();
  const { me, logout, isAdmin } = useAuth();
  const { data: objects = [] } = useObjects();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const mobile = useIsMobile();
  const [searchOpen, setSearchOpen] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const nav = useMemo(() => buildNav(objects, isAdmin, t, i18n.language),
    [objects, isAdmin, t, i18n.language]);
  const selected = selectedKey(nav, pathname);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "k") {
        e.preventDefault();
        setSearchOpen(true);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const go = ({ key }: { key: string }) => {
    if (key.startsWith("/")) navigate(key);
    setDrawerOpen(false);
  };
  const menu = <Menu mode="inline" selectedKeys={[selected]} items={toMenu(nav) as never}
    onClick={go} defaultOpenKeys={["analytics", "customers", "leads", "deals"]} />;
  const userMenu = {
    items: [
      { key: "who", label: <Typography.Text type="secondary">{me?.email}</Typography.Text>,
        disabled: true },
      { key: "logout", icon: <LogoutOutlined />, label: t("nav.logout"),
        onClick: () => void logout().then(() => navigate("/login")) },
    ],
  };
  const header = (
    <Layout.Header className="app-header">
      {mobile && <Button type="text" icon={<MenuOutlined />} aria-label={t("nav.menu")}
        onClick={() => setDrawerOpen(true)} />}
      <div className="app-brand" onClick={() => navigate("/")}>SalesCRM</div>
      <Button className="search-trigger" icon={<SearchOutlined />} onClick={() => setSearchOpen(true)}
        aria-label={t("search.open")} data-testid="search-trigger">
        {!mobile && <span>{t("search.placeholder")} <kbd>Ctrl K</kbd></span>}
      </Button>
      <Space size={mobile ? 4 : 12} className="app-header-right">
        <NotificationsBell />
        {!mobile && <LanguageSwitch />}
        <Dropdown menu={userMenu} trigger={["click"]}>
          <Button type="text" data-testid="user-menu" aria-label={t("nav.account")}>
            <Avatar size="small" icon={<UserOutlined />} />
            {!mobile && <span style={{ marginLeft: 8 }}>{me?.name}</span>}
          </Button>
        </Dropdown>
      </Space>
    </Layout.Header>
  );

  return (
    <Layout className={mobile ? "app mobile" : "app"}>
      {!mobile && (
        <Layout.Sider width={220} theme="light" className="app-sider" breakpoint="lg"
          collapsedWidth={64}>
          <div className="app-logo" onClick={() => navigate("/")}>
            <img src="/favicon.svg" alt="" width={24} height={24} />
            <span>{me?.tenant_name ?? t("app.name")}</span>
          </div>
          {menu}
        </Layout.Sider>
      )}
      <Layout>
        {header}
        {/* The screen shown (tests wait for it after an in-app navigation). */}
        <Layout.Content className="app-content" data-route={pathname}>
          <Outlet />
        </Layout.Content>
        {mobile && (
          <nav className="bottom-tabs" aria-label={t("nav.menu")}>
            {mobileTabs(objects, t).map((tab) => (
              <button key={tab.key} type="button"
                className={selected === tab.key ? "active" : ""}
                onClick={() => navigate(tab.key)}>
                {tab.icon}<span>{tab.label}</span>
              </button>
            ))}
            <button type="button" onClick={() => setDrawerOpen(true)}>
              <MenuOutlined /><span>{t("nav.more")}</span>
            </button>
          </nav>
        )}
      </Layout>
      <Drawer open={drawerOpen} onClose={() => setDrawerOpen(false)} placement="left"
        width={280} title={me?.tenant_name ?? t("app.name")}
        extra={<LanguageSwitch />} styles={{ body: { padding: 0 } }}>
        {menu}
      </Drawer>
      <SearchPalette open={searchOpen} onClose={() => setSearchOpen(false)} />
    </Layout>
  );
}
