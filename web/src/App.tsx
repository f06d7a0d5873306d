import { lazy, Suspense } from "react";
import type { ReactNode } from "react";
import { Navigate, Route, Routes, useLocation } from "react-router-dom";
import { Skeleton } from "antd";
import { useAuth } from "./auth/AuthContext";
import LoginPage from "./auth/LoginPage";
import FirstPassword from "./auth/FirstPassword";
import AppLayout from "./shell/AppLayout";

// Every screen is its own chunk: the first load carries only the shell and login.
const screens = {
  home: () => import("./sales/MyDay"),
  list: () => import("./records/ListPage"),
  detail: () => import("./records/DetailPage"),
  account: () => import("./sales/AccountOverview"),
  kanban: () => import("./sales/Kanban"),
  dashboard: () => import("./analytics/Dashboard"),
};
const Home = lazy(screens.home);
const ListPage = lazy(screens.list);
const DetailPage = lazy(screens.detail);
const AccountPage = lazy(screens.account);
const Kanban = lazy(screens.kanban);
const LeadPool = lazy(() => import("./sales/LeadPool"));
const OrderEditor = lazy(() => import("./sales/OrderEditor"));
const Dashboard = lazy(screens.dashboard);
const ReportBuilder = lazy(() => import("./analytics/ReportBuilder"));
const Forecast = lazy(() => import("./analytics/Forecast"));
const Targets = lazy(() => import("./analytics/Targets"));
const Dashboards = lazy(() => import("./analytics/Dashboards"));
const DashboardEditor = lazy(() => import("./analytics/DashboardEditor"));
const Approvals = lazy(() => import("./sales/Approvals"));
const AdminHome = lazy(() => import("./admin/AdminHome"));
const Departments = lazy(() => import("./admin/Departments"));
const ImportWizard = lazy(() => import("./admin/ImportWizard"));
const RulesAdmin = lazy(() => import("./admin/RulesAdmin"));
const AuditLog = lazy(() => import("./admin/AuditLog"));
const FieldsAdmin = lazy(() => import("./admin/FieldsAdmin"));
const Webhooks = lazy(() => import("./admin/Webhooks"));
const Templates = lazy(() => import("./admin/Templates"));
const LayoutEditor = lazy(() => import("./admin/LayoutEditor"));
const UsersAdmin = lazy(() => import("./admin/UsersAdmin"));
const NotFound = lazy(() => import("./shell/NotFound"));
const ForgotPassword = lazy(() => import("./auth/ForgotPassword"));
const ResetPassword = lazy(() => import("./auth/ResetPassword"));
const RecycleBin = lazy(() => import("./records/RecycleBin"));
const QuotePrint = lazy(() => import("./sales/QuotePrint"));

/** Start loading the screen of a deep link while the session is being checked. */
export function preloadScreen(path: string): void {
  if (path === "/") void screens.home();
  else if (path.startsWith("/o/accounts/")) void screens.account();
  else if (/^\/o\/[^/]+\/[^/]+/.test(path)) void screens.detail();
  else if (path.startsWith("/o/")) void screens.list();
  else if (path === "/pipeline") void screens.kanban();
  else if (path === "/analytics") void screens.dashboard();
}

function RequireAuth({ children }: { children: ReactNode }) {
  const { me, loading } = useAuth();
  const location = useLocation();
  if (loading) return <div className="boot" />;
  if (!me) return <Navigate to="/login" replace state={{ from: location }} />;
  // Nothing else until the user has replaced a password someone else chose; the
  // address is kept, so they land where they were going afterwards.
  if (me.must_change_password) return <FirstPassword />;
  return <>{children}</>;
}

const page = (el: ReactNode) => (
  <Suspense fallback={<Skeleton active paragraph={{ rows: 8 }} style={{ padding: 24 }} />}>
    {el}
  </Suspense>
);

export default function App() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/forgot-password" element={page(<ForgotPassword />)} />
      <Route path="/reset-password" element={page(<ResetPassword />)} />
      <Route path="/quotes/:id/print" element={<RequireAuth>{page(<QuotePrint />)}</RequireAuth>} />
      <Route element={<RequireAuth><AppLayout /></RequireAuth>}>
        <Route index element={page(<Home />)} />
        <Route path="analytics" element={page(<Dashboard />)} />
        <Route path="analytics/reports" element={page(<ReportBuilder />)} />
        <Route path="analytics/forecast" element={page(<Forecast />)} />
        <Route path="analytics/targets" element={page(<Targets />)} />
        <Route path="analytics/dashboards" element={page(<Dashboards />)} />
        <Route path="analytics/dashboards/:id" element={page(<DashboardEditor />)} />
        <Route path="approvals" element={page(<Approvals />)} />
        <Route path="pipeline" element={page(<Kanban />)} />
        <Route path="leads/pool" element={page(<LeadPool />)} />
        <Route path="orders/new" element={page(<OrderEditor />)} />
        <Route path="orders/:id/edit" element={page(<OrderEditor />)} />
        <Route path="quotes/new" element={page(<OrderEditor object="quotes" />)} />
        <Route path="quotes/:id/edit" element={page(<OrderEditor object="quotes" />)} />
        <Route path="recycle-bin" element={page(<RecycleBin />)} />
        <Route path="o/accounts/:id" element={page(<AccountPage />)} />
        <Route path="o/:object" element={page(<ListPage />)} />
        <Route path="o/:object/:id" element={page(<DetailPage />)} />
        <Route path="admin" element={page(<AdminHome />)} />
        <Route path="admin/departments" element={page(<Departments />)} />
        <Route path="admin/import" element={page(<ImportWizard />)} />
        <Route path="admin/rules" element={page(<RulesAdmin />)} />
        <Route path="admin/audit" element={page(<AuditLog />)} />
        <Route path="admin/fields" element={page(<FieldsAdmin />)} />
        <Route path="admin/webhooks" element={page(<Webhooks />)} />
        <Route path="admin/templates" element={page(<Templates />)} />
        <Route path="admin/layouts" element={page(<LayoutEditor />)} />
        <Route path="admin/layouts/:object" element={page(<LayoutEditor />)} />
        <Route path="admin/users" element={page(<UsersAdmin />)} />
        <Route path="*" element={page(<NotFound />)} />
      </Route>
    </Routes>
  );
}
