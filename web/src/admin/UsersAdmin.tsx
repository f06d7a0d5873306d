// Users: who can sign in, with their roles, department and manager (data scope follows
// these). New users get a first password the admin passes on; the generic record form
// cannot set a password or roles, so people are added here.
import { useState } from "react";
import { Alert, App, Button, Empty, Form, Input, Modal, Select, Space, Switch, Table, Tag, Typography } from "antd";
import { KeyOutlined, PlusOutlined } from "@ant-design/icons";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { ApiError, api } from "../api/client";
import { useAuth } from "../auth/AuthContext";
import type { Page, RecordData } from "../api/client";
import { useIsMobile } from "../shell/useIsMobile";
import { formatDateTime } from "../lib/dates";
import { problemText } from "./problems";
import { newSecret } from "./webhooks";

const useList = (object: string) => useQuery({ queryKey: ["list", object, "admin-users"],
  queryFn: () => api<Page>(object, { query: { limit: 500, sort: "name" } }) });

export default function UsersAdmin() {
  const { t } = useTranslation();
  const mobile = useIsMobile();
  const [editing, setEditing] = useState<RecordData | "new" | null>(null);
  const users = useList("users");
  const departments = useList("departments");
  const nameOf = (rows: RecordData[] | undefined, id: unknown) =>
    typeof id === "string" ? String(rows?.find((r) => r.id === id)?.name ?? "") : "";
  return (
    <div data-testid="users-admin">
      <div className="page-header">
        <Typography.Title level={3}>{t("usersAdmin.title")}</Typography.Title>
        <div className="actions"><Button type="primary" icon={<PlusOutlined />} data-testid="user-new"
          onClick={() => setEditing("new")}>{t("usersAdmin.new")}</Button></div>
      </div>
      {users.error && <Alert type="error" showIcon message={problemText(users.error, t)} />}
      <Table<RecordData> size="small" rowKey="id" loading={users.isLoading} dataSource={users.data?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }} scroll={{ x: "max-content" }}
        locale={{ emptyText: <Empty description={t("list.empty")} /> }}
        onRow={(r) => ({ onClick: () => setEditing(r), style: { cursor: "pointer" } })} columns={[
          { key: "name", title: t("usersAdmin.name"), render: (_, r) => <a>{String(r.name)}</a> },
          { key: "email", title: t("usersAdmin.email"), render: (_, r) => String(r.email ?? ""), responsive: ["sm"] },
          { key: "dept", title: t("usersAdmin.department"), render: (_, r) => nameOf(departments.data?.items, r.department_id) },
          { key: "mgr", title: t("usersAdmin.manager"), render: (_, r) => nameOf(users.data?.items, r.manager_id),
            responsive: ["md"] },
          { key: "active", title: t("rules.active"), render: (_, r) => r.is_active === false
            ? <Tag>{t("rules.inactive")}</Tag> : <Tag color="green">{t("rules.active")}</Tag> },
        ]} />
      {!mobile && <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
        {t("usersAdmin.rolesHint")} <Link to="/o/roles">{t("admin.roles.title")}</Link></Typography.Paragraph>}
      {editing && <UserDialog row={editing === "new" ? null : editing} users={users.data?.items ?? []}
        departments={departments.data?.items ?? []} onClose={() => setEditing(null)} />}
    </div>
  );
}

function UserDialog({ row, users, departments, onClose }: { row: RecordData | null; users: RecordData[];
  departments: RecordData[]; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const roles = useList("roles");
  // Changing one's own password needs the current one (the server asks for it).
  const { me, isAdmin } = useAuth();
  const self = !!row && row.id === me?.id;
  // A one-time link for a user who forgot their password: shown once, to hand over.
  const resetLink = async () => {
    setError(null);
    try {
      const res = await api<{ url: string; expires_at: string }>(`users/${row!.id}/password_reset`, { body: {} });
      const name = String(row!.name);
      modal.info({ title: t("usersAdmin.resetLinkTitle", { name }), width: 560, content: <>
        <Typography.Paragraph>{t("usersAdmin.resetLinkText", { name,
          expires: formatDateTime(res.expires_at, i18n.language) })}</Typography.Paragraph>
        <Typography.Paragraph code data-testid="reset-link" style={{ wordBreak: "break-all" }}
          copyable={{ text: res.url, tooltips: [t("usersAdmin.copyLink"), t("usersAdmin.copied")] }}>
          {res.url}</Typography.Paragraph></> });
    } catch (err) {
      setError(problemText(err, t));
    }
  };
  // The list leaves roles out; the user's own record has them.
  const full = useQuery({ queryKey: ["record", "users", row?.id], enabled: !!row,
    queryFn: () => api<RecordData>(`users/${row!.id}`) });
  const ready = !row || !!full.data;
  const save = async () => {
    const v = await form.validateFields();
    setBusy(true); setError(null);
    const body: Record<string, unknown> = { name: v.name, email: v.email, roles: v.roles,
      department_id: v.department_id ?? null, manager_id: v.manager_id ?? null };
    if (v.password) body.password = v.password;
    if (v.password && self) body.current_password = v.current_password;
    try {
      if (row) await api(`users/${row.id}`, { method: "PATCH", body: { ...body, is_active: v.is_active, version: full.data!.version } });
      else await api("users", { body });
      void qc.invalidateQueries({ queryKey: ["list", "users"] });
      void qc.invalidateQueries({ queryKey: ["record", "users"] });
      message.success(t("common.saved"));
      if (!row) modal.info({ title: t("usersAdmin.passOn"), content: <Typography.Paragraph copyable code>
        {`${v.email} / ${v.password}`}</Typography.Paragraph> });
      onClose();
    } catch (err) {
      if (err instanceof ApiError) {
        form.setFields(Object.entries(err.fieldErrors).map(([k, m]) => ({ name: k.split(".")[0], errors: [m] })));
      }
      setError(problemText(err, t));
    } finally {
      setBusy(false);
    }
  };
  const people = users.filter((u) => u.id !== row?.id).map((u) => ({ value: u.id, label: String(u.name) }));
  return (
    <Modal open title={row ? String(row.name) : t("usersAdmin.new")} onCancel={onClose} onOk={() => void save()}
      confirmLoading={busy} okButtonProps={{ disabled: !ready }}>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      {row && !self && isAdmin && row.is_active !== false && <Button icon={<KeyOutlined />}
        style={{ marginBottom: 12 }} data-testid="user-reset-link" onClick={() => void resetLink()}>
        {t("usersAdmin.resetLink")}</Button>}
      {ready && <Form form={form} layout="vertical" initialValues={row ? { ...full.data, password: "" }
        : { roles: ["sales_rep"], password: newSecret().slice(0, 12) }}>
        <Form.Item name="name" label={t("usersAdmin.name")} rules={[{ required: true, message: t("form.requiredShort") }]}>
          <Input id="user-name" maxLength={200} /></Form.Item>
        <Form.Item name="email" label={t("usersAdmin.email")} rules={[{ required: true, type: "email", message: t("usersAdmin.emailInvalid") }]}>
          <Input id="user-email" /></Form.Item>
        <Form.Item name="password" label={row ? t("usersAdmin.newPassword") : t("usersAdmin.password")}
          extra={row ? t("usersAdmin.passwordKeep") : t("usersAdmin.passwordHelp")}
          rules={[{ required: !row, message: t("form.requiredShort") }, { min: 8, max: 200, message: t("usersAdmin.passwordLength") }]}>
          <Input id="user-password" autoComplete="new-password" /></Form.Item>
        {self && <Form.Item name="current_password" label={t("usersAdmin.currentPassword")}
          extra={t("usersAdmin.currentPasswordHelp")}>
          <Input.Password id="user-current-password" autoComplete="current-password" /></Form.Item>}
        <Form.Item name="roles" label={t("usersAdmin.roles")} rules={[{ required: true, message: t("form.requiredShort") }]}>
          <Select mode="multiple" id="user-roles" loading={roles.isLoading} optionFilterProp="label"
            options={(roles.data?.items ?? []).map((r) => ({ value: String(r.key), label: String(r.name ?? r.key) }))} /></Form.Item>
        <Space wrap style={{ width: "100%" }} align="start">
          <Form.Item name="department_id" label={t("usersAdmin.department")}>
            <Select allowClear showSearch optionFilterProp="label" style={{ width: 220 }} id="user-department"
              options={departments.map((d) => ({ value: d.id, label: String(d.name) }))} /></Form.Item>
          <Form.Item name="manager_id" label={t("usersAdmin.manager")}>
            <Select allowClear showSearch optionFilterProp="label" style={{ width: 220 }} options={people} id="user-manager" /></Form.Item>
        </Space>
        {row && <Form.Item name="is_active" label={t("rules.active")} valuePropName="checked"><Switch /></Form.Item>}
      </Form>}
    </Modal>
  );
}
