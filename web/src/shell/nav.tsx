// The navigation, built from the objects the user may read and their roles.
import type { ReactNode } from "react";
import {
  AppstoreOutlined, AuditOutlined, BarChartOutlined, CalendarOutlined, ContactsOutlined, DeleteOutlined,
  DollarOutlined,
  FundOutlined, HomeOutlined, SettingOutlined, ShoppingCartOutlined, TeamOutlined,
  ThunderboltOutlined,
} from "@ant-design/icons";
import type { ObjectMeta } from "../api/meta";
import { labelOf } from "../api/meta";

export interface NavItem {
  key: string; // the path
  label: string;
  icon?: ReactNode;
  children?: NavItem[];
}

type T = (key: string) => string;

// Built-in objects, grouped as a salesperson thinks of them; the rest go under "More".
const GROUPS: { key: string; icon: ReactNode; objects: string[] }[] = [
  { key: "customers", icon: <TeamOutlined />, objects: ["accounts", "contacts"] },
  { key: "leads", icon: <ThunderboltOutlined />, objects: ["leads", "campaigns"] },
  { key: "deals", icon: <FundOutlined />, objects: ["opportunities", "products", "quotes",
    "pipelines"] },
  { key: "orders", icon: <ShoppingCartOutlined />, objects: ["contracts", "orders",
    "payment_plans", "payments", "invoices"] },
  { key: "activities", icon: <CalendarOutlined />, objects: ["activities", "tasks"] },
  { key: "service", icon: <ContactsOutlined />, objects: ["tickets"] },
];
const ADMIN_OBJECTS = ["users", "departments", "roles"];

export function buildNav(objects: ObjectMeta[], isAdmin: boolean, t: T, lang: string): NavItem[] {
  const byName = new Map(objects.map((o) => [o.api_name, o]));
  const item = (o: ObjectMeta): NavItem => ({ key: `/o/${o.api_name}`, label: labelOf(o, lang) });
  const nav: NavItem[] = [{ key: "/", label: t("nav.home"), icon: <HomeOutlined /> }];
  if (byName.has("opportunities")) {
    nav.push({ key: "analytics", label: t("nav.analytics"), icon: <BarChartOutlined />, children: [
      { key: "/analytics", label: t("nav.dashboard") },
      { key: "/analytics/forecast", label: t("analytics.forecast.title") },
      { key: "/analytics/targets", label: t("analytics.targets.title") },
      { key: "/analytics/dashboards", label: t("analytics.dashboards.title") },
      { key: "/analytics/reports", label: t("nav.reports") }] });
  }
  nav.push({ key: "/approvals", label: t("nav.approvals"), icon: <AuditOutlined /> });
  const used = new Set<string>(ADMIN_OBJECTS);
  for (const g of GROUPS) {
    const children = g.objects.filter((n) => byName.has(n)).map((n) => item(byName.get(n)!));
    g.objects.forEach((n) => used.add(n));
    if (g.key === "leads" && byName.has("leads")) {
      children.splice(1, 0, { key: "/leads/pool", label: t("nav.leadPool") });
    }
    if (g.key === "deals" && byName.has("opportunities")) {
      children.splice(1, 0, { key: "/pipeline", label: t("nav.kanban") });
    }
    if (children.length) nav.push({ key: g.key, label: t(`nav.${g.key}`), icon: g.icon, children });
  }
  const rest = objects.filter((o) => !used.has(o.api_name)).map(item);
  if (rest.length) nav.push({ key: "more", label: t("nav.more"), icon: <AppstoreOutlined />,
    children: rest });
  if (objects.some((o) => o.permissions.includes("delete"))) {
    nav.push({ key: "/recycle-bin", label: t("recycle.title"), icon: <DeleteOutlined /> });
  }
  if (isAdmin) {
    nav.push({ key: "admin", label: t("nav.admin"), icon: <SettingOutlined />, children: [
      { key: "/admin", label: t("nav.adminHome") },
      ...ADMIN_OBJECTS.filter((n) => byName.has(n)).map((n) => n === "departments"
        ? { key: "/admin/departments", label: t("departments.title") } : item(byName.get(n)!)),
      { key: "/admin/fields", label: t("nav.fields") },
      { key: "/admin/import", label: t("import.title") },
      { key: "/admin/rules", label: t("rules.title") },
      { key: "/admin/audit", label: t("nav.audit") },
    ] });
  }
  return nav;
}

/** Bottom tabs on a phone: the five things a rep does most. */
export function mobileTabs(objects: ObjectMeta[], t: T): NavItem[] {
  const has = (n: string) => objects.some((o) => o.api_name === n);
  const tabs: NavItem[] = [{ key: "/", label: t("nav.home"), icon: <HomeOutlined /> }];
  tabs.push({ key: "/o/accounts", label: t("nav.customers"), icon: <TeamOutlined /> });
  if (has("opportunities")) tabs.push({ key: "/pipeline", label: t("nav.deals"),
    icon: <FundOutlined /> });
  else if (has("leads")) tabs.push({ key: "/o/leads", label: t("nav.leads"),
    icon: <ThunderboltOutlined /> });
  if (has("orders")) tabs.push({ key: "/o/orders", label: t("nav.orders"),
    icon: <DollarOutlined /> });
  return tabs;
}

/** The nav key that best matches a path (longest prefix). */
export function selectedKey(items: NavItem[], path: string): string {
  let best = "/";
  const visit = (list: NavItem[]) => list.forEach((i) => {
    if (i.key.startsWith("/") && (path === i.key || path.startsWith(`${i.key}/`))
      && i.key.length > best.length) best = i.key;
    if (i.children) visit(i.children);
  });
  visit(items);
  return best;
}
