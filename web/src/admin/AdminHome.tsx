// Administration: the entry to users, departments, roles, fields and the audit log.
import { Card, Col, Row, Typography } from "antd";
import { ThunderboltOutlined, ApartmentOutlined, AuditOutlined, CloudUploadOutlined, BuildOutlined, SafetyOutlined, UserOutlined } from "@ant-design/icons";
import { ApiOutlined, AppstoreAddOutlined, LayoutOutlined } from "@ant-design/icons";
import { TransactionOutlined } from "@ant-design/icons";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { useObjects } from "../api/meta";

export default function AdminHome() {
  const { t } = useTranslation();
  const { data: objects = [] } = useObjects();
  const has = (n: string) => objects.some((o) => o.api_name === n);
  const cards: { to: string; icon: React.ReactNode; key: string; ns?: string; show: boolean }[] = [
    { to: "/admin/users", icon: <UserOutlined />, key: "users", show: has("users") },
    { to: "/admin/departments", icon: <ApartmentOutlined />, key: "departments", show: has("departments") },
    { to: "/o/roles", icon: <SafetyOutlined />, key: "roles", show: has("roles") },
    { to: "/admin/fields", icon: <BuildOutlined />, key: "fields", show: true },
    { to: "/admin/rules", icon: <ThunderboltOutlined />, key: "rules", show: true },
    { to: "/admin/import", icon: <CloudUploadOutlined />, key: "import", show: true },
    { to: "/admin/audit", icon: <AuditOutlined />, key: "audit", show: true },
    { to: "/admin/layouts", icon: <LayoutOutlined />, key: "layouts", ns: "adminx", show: true },
    { to: "/admin/webhooks", icon: <ApiOutlined />, key: "webhooks", ns: "adminx", show: true },
    { to: "/admin/templates", icon: <AppstoreAddOutlined />, key: "templates", ns: "adminx", show: true },
    { to: "/o/exchange_rates", icon: <TransactionOutlined />, key: "exchangeRates", ns: "currency",
      show: has("exchange_rates") },
  ].filter((c) => c.show);
  return (
    <div data-testid="admin-home">
      <div className="page-header"><Typography.Title level={3}>{t("nav.admin")}</Typography.Title></div>
      <Row gutter={[16, 16]}>
        {cards.map((c) => (
          <Col key={c.key} xs={24} sm={12} lg={8}>
            <Link to={c.to}>
              <Card hoverable>
                <Card.Meta avatar={<span style={{ fontSize: 24 }}>{c.icon}</span>}
                  title={t(`${c.ns ?? "admin"}.${c.key}.title`)} description={t(`${c.ns ?? "admin"}.${c.key}.text`)} />
              </Card>
            </Link>
          </Col>
        ))}
      </Row>
    </div>
  );
}
