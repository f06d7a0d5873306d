// Validation rules: when the condition holds for a record being saved, the save is
// refused with the rule's message (both languages), shown on the chosen field.
import { useState } from "react";
import { Alert, App, Button, Empty, Form, Input, Modal, Select, Space, Switch, Table, Tag, Typography } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api } from "../api/client";
import { labelOf, useObjects } from "../api/meta";
import ConditionEditor from "./ConditionEditor";
import type { Group } from "./conditions";
import { fromJson, incomplete, toJson } from "./conditions";
import { problemText } from "./problems";

interface Rule { id: string; object: string; name: string; condition: Record<string, unknown> | null;
  message: { en: string; "zh-CN": string }; field: string | null; is_active: boolean; version: number }

export default function ValidationRules() {
  const { t, i18n } = useTranslation();
  const { data: objects = [] } = useObjects();
  const [editing, setEditing] = useState<Rule | "new" | null>(null);
  const list = useQuery({ queryKey: ["validation_rules"], queryFn: () => api<{ items: Rule[] }>("validation_rules") });
  const zh = i18n.language.startsWith("zh");
  const objectLabel = (n: string) => { const o = objects.find((x) => x.api_name === n); return o ? labelOf(o, i18n.language) : n; };
  return (
    <div data-testid="validation-rules">
      <Typography.Paragraph type="secondary">{t("validation.intro")}</Typography.Paragraph>
      <Button type="primary" icon={<PlusOutlined />} style={{ marginBottom: 12 }} onClick={() => setEditing("new")}>
        {t("common.new")}</Button>
      {list.error && <Alert type="error" showIcon message={problemText(list.error, t)} />}
      <Table<Rule> size="small" rowKey="id" loading={list.isLoading} dataSource={list.data?.items ?? []}
        pagination={false} scroll={{ x: "max-content" }} locale={{ emptyText: <Empty description={t("validation.empty")} /> }}
        onRow={(r) => ({ onClick: () => setEditing(r), style: { cursor: "pointer" } })} columns={[
          { key: "n", title: t("rules.name"), render: (_, r) => <a>{r.name}</a> },
          { key: "o", title: t("reports.object"), render: (_, r) => objectLabel(r.object) },
          { key: "m", title: t("validation.message"), render: (_, r) => (zh ? r.message["zh-CN"] : r.message.en) },
          { key: "a", title: t("rules.active"), render: (_, r) => r.is_active
            ? <Tag color="green">{t("rules.active")}</Tag> : <Tag>{t("rules.inactive")}</Tag> },
        ]} />
      {editing && <RuleDialog row={editing === "new" ? null : editing} onClose={() => setEditing(null)} />}
    </div>
  );
}

function RuleDialog({ row, onClose }: { row: Rule | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { modal } = App.useApp();
  const qc = useQueryClient();
  const { data: objects = [] } = useObjects();
  const [object, setObject] = useState(row?.object ?? "opportunities");
  const [name, setName] = useState(row?.name ?? "");
  const [field, setField] = useState<string | null>(row?.field ?? null);
  const [active, setActive] = useState(row?.is_active ?? true);
  const [message, setMessage] = useState(row?.message ?? { en: "", "zh-CN": "" });
  const [condition, setCondition] = useState<Group>(() => fromJson(row?.condition));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const obj = objects.find((o) => o.api_name === object);
  const done = () => { void qc.invalidateQueries({ queryKey: ["validation_rules"] }); onClose(); };

  const save = async () => {
    if (!name.trim() || !message.en.trim() || !message["zh-CN"].trim()) { setError(t("validation.fillIn")); return; }
    if (!condition.children.length) { setError(t("validation.conditionNeeded")); return; }
    if (incomplete(condition).length) { setError(t("conditions.incomplete")); return; }
    setBusy(true); setError(null);
    const body = { name: name.trim(), field, is_active: active, condition: toJson(condition),
      message: { en: message.en.trim(), "zh-CN": message["zh-CN"].trim() } };
    try {
      if (row) await api(`validation_rules/${row.id}`, { method: "PATCH", body: { ...body, version: row.version } });
      else await api("validation_rules", { body: { ...body, object } });
      done();
    } catch (err) {
      setError(problemText(err, t));
    } finally {
      setBusy(false);
    }
  };
  const remove = () => modal.confirm({ title: t("detail.deleteTitle", { name }), okText: t("common.delete"),
    okButtonProps: { danger: true }, onOk: async () => { await api(`validation_rules/${row!.id}`, { method: "DELETE" }); done(); } });
  return (
    <Modal open width={820} title={row ? row.name : t("validation.new")} onCancel={onClose} onOk={() => void save()}
      confirmLoading={busy} footer={(_, { OkBtn, CancelBtn }) => <Space>
        {row && <Button danger onClick={remove}>{t("common.delete")}</Button>}<CancelBtn /><OkBtn /></Space>}>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form layout="vertical">
        <Space wrap align="start">
          <Form.Item label={t("rules.name")} required>
            <Input id="rule-name" style={{ width: 240 }} value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />
          </Form.Item>
          <Form.Item label={t("reports.object")}>
            <Select style={{ width: 180 }} value={object} disabled={!!row} showSearch optionFilterProp="label"
              onChange={(v) => { setObject(v); setField(null); setCondition(fromJson(null)); }}
              options={objects.map((o) => ({ value: o.api_name, label: labelOf(o, i18n.language) }))} />
          </Form.Item>
          <Form.Item label={t("validation.field")} tooltip={t("validation.fieldHelp")}>
            <Select style={{ width: 180 }} allowClear value={field} onChange={(v) => setField(v ?? null)}
              showSearch optionFilterProp="label" placeholder={t("validation.wholeRecord")}
              options={(obj?.fields ?? []).map((f) => ({ value: f.api_name, label: labelOf(f, i18n.language) }))} />
          </Form.Item>
          <Form.Item label={t("rules.active")}><Switch checked={active} onChange={setActive} /></Form.Item>
        </Space>
        <Form.Item label={t("validation.when")} required>
          <ConditionEditor obj={obj} value={condition} onChange={setCondition} />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item label={t("validation.messageZh")} required>
            <Input id="rule-message-zh" style={{ width: 340 }} maxLength={200} value={message["zh-CN"]}
              onChange={(e) => setMessage({ ...message, "zh-CN": e.target.value })} />
          </Form.Item>
          <Form.Item label={t("validation.messageEn")} required>
            <Input id="rule-message-en" style={{ width: 340 }} maxLength={200} value={message.en}
              onChange={(e) => setMessage({ ...message, en: e.target.value })} />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}
