// Automation rules and approval flows: a list of each, edited in a dialog with the
// condition editor. Rules: trigger → condition → actions. Flows: condition → steps.
import { useState } from "react";
import { Alert, App, Button, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tabs, Tag,
  Typography } from "antd";
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { ApiError, api } from "../api/client";
import { labelOf, useObjects } from "../api/meta";
import ConditionEditor from "./ConditionEditor";
import ValidationRules from "./ValidationRules";
import type { Group } from "./conditions";
import { fromJson, incomplete, toJson } from "./conditions";

type Row = Record<string, unknown> & { id: string; name: string; object: string; version: number; is_active?: boolean };
type Kind = "automation_rules" | "approval_flows";
const TRIGGERS = ["created", "updated", "field_changed", "scheduled"];
const ACTION_TYPES = ["update_field", "create_task", "notify", "webhook", "assign"];
const APPROVERS = ["manager", "role", "user", "department_head"];

export default function RulesAdmin() {
  const { t } = useTranslation();
  return (
    <div data-testid="rules-admin">
      <div className="page-header"><Typography.Title level={3}>{t("rules.title")}</Typography.Title></div>
      <Tabs items={[
        { key: "automation", label: t("rules.automation"), children: <RuleList kind="automation_rules" /> },
        { key: "approvals", label: t("rules.approvalFlows"), children: <RuleList kind="approval_flows" /> },
        { key: "validation", label: t("validation.title"), children: <ValidationRules /> },
      ]} />
    </div>
  );
}

function RuleList({ kind }: { kind: Kind }) {
  const { t, i18n } = useTranslation();
  const { data: objects = [] } = useObjects();
  const [editing, setEditing] = useState<Row | "new" | null>(null);
  const list = useQuery({ queryKey: [kind], queryFn: () => api<{ items: Row[] }>(kind) });
  const objectLabel = (n: string) => {
    const o = objects.find((x) => x.api_name === n);
    return o ? labelOf(o, i18n.language) : n;
  };
  return (
    <>
      <Button type="primary" icon={<PlusOutlined />} style={{ marginBottom: 12 }} onClick={() => setEditing("new")}>
        {t("common.new")}</Button>
      {list.error && <Alert type="error" showIcon message={(list.error as Error).message} />}
      <Table<Row> size="small" rowKey="id" loading={list.isLoading} dataSource={list.data?.items ?? []}
        pagination={false} scroll={{ x: "max-content" }} onRow={(r) => ({ onClick: () => setEditing(r),
          style: { cursor: "pointer" } })} columns={[
          { key: "n", title: t("rules.name"), render: (_, r) => <a>{r.name}</a> },
          { key: "o", title: t("reports.object"), render: (_, r) => objectLabel(r.object) },
          { key: "w", title: kind === "automation_rules" ? t("rules.trigger") : t("rules.steps"),
            render: (_, r) => kind === "automation_rules" ? t(`rules.triggers.${r.trigger}`, { defaultValue: String(r.trigger) })
              : (r.steps as unknown[] | undefined)?.length ?? 0 },
          { key: "a", title: t("rules.active"), render: (_, r) => r.is_active === false
            ? <Tag>{t("rules.inactive")}</Tag> : <Tag color="green">{t("rules.active")}</Tag> },
        ]} />
      {editing && <RuleDialog kind={kind} row={editing === "new" ? null : editing} onClose={() => setEditing(null)} />}
    </>
  );
}

function RuleDialog({ kind, row, onClose }: { kind: Kind; row: Row | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { modal } = App.useApp();
  const qc = useQueryClient();
  const { data: objects = [] } = useObjects();
  const [draft, setDraft] = useState<Record<string, unknown>>(() => row ?? { name: "", object: "opportunities",
    is_active: true, ...(kind === "automation_rules" ? { trigger: "created", actions: [] }
      : { steps: [{ approver: { type: "manager" }, mode: "any" }] }) });
  const [condition, setCondition] = useState<Group>(() => fromJson(row?.condition as Record<string, unknown>));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const obj = objects.find((o) => o.api_name === draft.object);
  const set = (patch: Record<string, unknown>) => setDraft({ ...draft, ...patch });

  const save = async () => {
    if (incomplete(condition).length) { setError(t("conditions.incomplete")); return; }
    setBusy(true);
    setError(null);
    const { id: _id, created_at: _c, ...body } = { ...draft, condition: toJson(condition) } as Record<string, unknown>;
    try {
      if (row) await api(`${kind}/${row.id}`, { method: "PATCH", body: { ...body, version: row.version } });
      else await api(kind, { body });
      void qc.invalidateQueries({ queryKey: [kind] });
      onClose();
    } catch (err) {
      setError(err instanceof ApiError ? [err.message, ...Object.entries(err.fieldErrors).map(([k, m]) => `${k}: ${m}`)]
        .join(" — ") : t("error.network"));
    } finally {
      setBusy(false);
    }
  };
  const remove = () => modal.confirm({ title: t("detail.deleteTitle", { name: String(draft.name) }),
    okButtonProps: { danger: true }, okText: t("common.delete"),
    onOk: async () => { await api(`${kind}/${row!.id}`, { method: "DELETE" });
      void qc.invalidateQueries({ queryKey: [kind] }); onClose(); } });

  return (
    <Modal open width={820} title={row ? String(row.name) : t("common.new")} onCancel={onClose} onOk={() => void save()}
      confirmLoading={busy} footer={(_, { OkBtn, CancelBtn }) => <Space>
        {row && <Button danger onClick={remove}>{t("common.delete")}</Button>}<CancelBtn /><OkBtn /></Space>}>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form layout="vertical">
        <Space wrap align="start">
          <Form.Item label={t("rules.name")} required>
            <Input style={{ width: 260 }} value={String(draft.name ?? "")} onChange={(e) => set({ name: e.target.value })} />
          </Form.Item>
          <Form.Item label={t("reports.object")}>
            <Select style={{ width: 180 }} value={draft.object} disabled={!!row}
              onChange={(v) => { set({ object: v }); setCondition(fromJson(null)); }}
              options={objects.map((o) => ({ value: o.api_name, label: labelOf(o, i18n.language) }))} />
          </Form.Item>
          {kind === "automation_rules" && <Form.Item label={t("rules.trigger")}>
            <Select style={{ width: 160 }} value={draft.trigger} onChange={(v) => set({ trigger: v })}
              options={TRIGGERS.map((x) => ({ value: x, label: t(`rules.triggers.${x}`) }))} />
          </Form.Item>}
          {kind === "automation_rules" && draft.trigger === "field_changed" && <Form.Item label={t("bulk.field")}>
            <Select style={{ width: 160 }} value={draft.field} onChange={(v) => set({ field: v })}
              options={(obj?.fields ?? []).map((f) => ({ value: f.api_name, label: labelOf(f, i18n.language) }))} />
          </Form.Item>}
          <Form.Item label={t("rules.active")}>
            <Switch checked={draft.is_active !== false} onChange={(v) => set({ is_active: v })} />
          </Form.Item>
        </Space>
        <Form.Item label={t("rules.condition")}>
          <ConditionEditor obj={obj} value={condition} onChange={setCondition} />
        </Form.Item>
        {kind === "automation_rules"
          ? <ActionsEditor actions={(draft.actions as Record<string, unknown>[]) ?? []}
            onChange={(actions) => set({ actions })} fields={obj?.fields.map((f) => ({ value: f.api_name,
              label: labelOf(f, i18n.language) })) ?? []} />
          : <StepsEditor steps={(draft.steps as Record<string, unknown>[]) ?? []} onChange={(steps) => set({ steps })} />}
      </Form>
    </Modal>
  );
}

function ActionsEditor({ actions, onChange, fields }: { actions: Record<string, unknown>[];
  onChange: (a: Record<string, unknown>[]) => void; fields: { value: string; label: string }[] }) {
  const { t } = useTranslation();
  const set = (i: number, patch: Record<string, unknown>) => onChange(actions.map((a, j) => (j === i ? { ...a, ...patch } : a)));
  return (
    <Form.Item label={t("rules.actions")}>
      {actions.map((a, i) => (
        <Space key={i} wrap style={{ display: "flex", marginBottom: 8 }}>
          <Select style={{ width: 150 }} value={a.type} onChange={(type) => onChange(actions.map((x, j) => (j === i ? { type } : x)))}
            options={ACTION_TYPES.map((x) => ({ value: x, label: t(`rules.actionTypes.${x}`) }))} />
          {a.type === "update_field" && <>
            <Select style={{ width: 150 }} value={a.field} options={fields} onChange={(field) => set(i, { field })} />
            <Input style={{ width: 160 }} value={String(a.value ?? "")} placeholder={t("rules.value")}
              onChange={(e) => set(i, { value: e.target.value })} /></>}
          {a.type === "create_task" && <>
            <Input style={{ width: 220 }} value={String(a.title ?? "")} placeholder={t("rules.taskTitle")}
              onChange={(e) => set(i, { title: e.target.value, assignee: "owner" })} />
            <InputNumber min={0} value={a.due_in_days as number | undefined} addonAfter={t("rules.days")}
              onChange={(v) => set(i, { due_in_days: v })} /></>}
          {a.type === "notify" && <Input style={{ width: 220 }} value={String(a.user ?? "")} placeholder={t("rules.notifyWho")}
            onChange={(e) => set(i, { user: e.target.value })} />}
          {a.type === "webhook" && <Input style={{ width: 300 }} value={String(a.url ?? "")} placeholder="https://…"
            onChange={(e) => set(i, { url: e.target.value })} />}
          {a.type === "assign" && <Input style={{ width: 220 }} value={String(a.user_id ?? "")} placeholder={t("rules.userId")}
            onChange={(e) => set(i, { user_id: e.target.value })} />}
          <Button type="text" icon={<DeleteOutlined />} aria-label={t("common.remove")}
            onClick={() => onChange(actions.filter((_, j) => j !== i))} />
        </Space>
      ))}
      <Button size="small" icon={<PlusOutlined />} onClick={() => onChange([...actions, { type: "create_task",
        title: "", due_in_days: 1, assignee: "owner" }])}>{t("rules.addAction")}</Button>
    </Form.Item>
  );
}

function StepsEditor({ steps, onChange }: { steps: Record<string, unknown>[]; onChange: (s: Record<string, unknown>[]) => void }) {
  const { t } = useTranslation();
  const approver = (s: Record<string, unknown>) => (s.approver ?? {}) as { type?: string; value?: string };
  const set = (i: number, patch: Record<string, unknown>) => onChange(steps.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  return (
    <Form.Item label={t("rules.steps")}>
      {steps.map((s, i) => (
        <Space key={i} wrap style={{ display: "flex", marginBottom: 8 }}>
          <Typography.Text>{i + 1}.</Typography.Text>
          <Select style={{ width: 170 }} value={approver(s).type}
            onChange={(type) => set(i, { approver: { type } })}
            options={APPROVERS.map((x) => ({ value: x, label: t(`rules.approvers.${x}`) }))} />
          {(approver(s).type === "role" || approver(s).type === "user") && (
            <ApproverPicker kind={approver(s).type as "role" | "user"} value={approver(s).value}
              onChange={(value) => set(i, { approver: { ...approver(s), value } })} />)}
          <Select style={{ width: 150 }} value={s.mode ?? "any"} onChange={(mode) => set(i, { mode })}
            options={[{ value: "any", label: t("rules.modeAny") }, { value: "all", label: t("rules.modeAll") }]} />
          <Button type="text" icon={<DeleteOutlined />} aria-label={t("common.remove")} disabled={steps.length === 1}
            onClick={() => onChange(steps.filter((_, j) => j !== i))} />
        </Space>
      ))}
      <Button size="small" icon={<PlusOutlined />} onClick={() => onChange([...steps, { approver: { type: "manager" }, mode: "any" }])}>
        {t("rules.addStep")}</Button>
    </Form.Item>
  );
}

/** A role (by key) or a user (by id) picked by name; typing a value still works. */
function ApproverPicker({ kind, value, onChange }: { kind: "role" | "user"; value?: string; onChange: (v: string) => void }) {
  const { t } = useTranslation();
  const list = useQuery({ queryKey: ["list", kind === "role" ? "roles" : "users", "approvers"],
    queryFn: () => api<{ items: Record<string, unknown>[] }>(kind === "role" ? "roles" : "users", { query: { limit: 500 } }) });
  const options = (list.data?.items ?? []).map((r) => ({ value: String(kind === "role" ? r.key : r.id),
    label: kind === "role" ? `${String(r.name ?? r.key)} (${String(r.key)})` : String(r.name ?? r.email ?? r.id) }));
  return <Select style={{ width: 220 }} showSearch optionFilterProp="label" value={value || undefined} loading={list.isLoading}
    placeholder={kind === "role" ? t("rules.roleKey") : t("rules.userId")} onChange={onChange} options={options}
    aria-label={kind === "role" ? t("rules.roleKey") : t("rules.userId")} />;
}
