// Bulk delete, assign and edit on the selected rows; each row is its own request so
// one failure (no permission, stale) never blocks the rest, and the user sees counts.
import { useState } from "react";
import { App, Button, Form, Modal, Select, Space, Typography } from "antd";
import { DeleteOutlined, EditOutlined, UserSwitchOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api } from "../api/client";
import type { RecordData } from "../api/client";
import type { FieldMeta, ObjectMeta } from "../api/meta";
import { editable } from "../api/meta";
import FieldInput from "./FieldInput";
import { cleanValue } from "./save";

interface Props { obj: ObjectMeta; selected: RecordData[]; onDone: () => void }

export default function BulkActions({ obj, selected, onDone }: Props) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const [editOpen, setEditOpen] = useState<"assign" | "edit" | null>(null);
  const [field, setField] = useState<string | null>(null);
  const [value, setValue] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const can = (a: string) => obj.permissions.includes(a);
  const ownerField = obj.fields.find((f) => f.api_name === "owner_id");

  const runEach = async (fn: (r: RecordData) => Promise<unknown>) => {
    setBusy(true);
    const results = await Promise.allSettled(selected.map(fn));
    setBusy(false);
    const failed = results.filter((r) => r.status === "rejected") as PromiseRejectedResult[];
    const ok = results.length - failed.length;
    if (failed.length) {
      message.warning(t("bulk.partial", { ok, failed: failed.length,
        reason: (failed[0].reason as Error).message }), 6);
    } else message.success(t("bulk.done", { count: ok }));
    await qc.invalidateQueries({ queryKey: ["list", obj.api_name] });
    setEditOpen(null);
    onDone();
  };
  const patchAll = (name: string, v: unknown) => runEach((r) => api(`${obj.api_name}/${r.id}`,
    { method: "PATCH", body: { [name]: v, version: r.version } }));

  const confirmDelete = () => modal.confirm({
    title: t("bulk.deleteTitle", { count: selected.length }),
    content: t("bulk.deleteText"), okButtonProps: { danger: true }, okText: t("common.delete"),
    onOk: () => runEach((r) => api(`${obj.api_name}/${r.id}`, { method: "DELETE" })),
  });

  const editableFields = obj.fields.filter((f) => editable(f) && f.api_name !== obj.name_field);
  const chosen: FieldMeta | undefined = editOpen === "assign" ? ownerField
    : editableFields.find((f) => f.api_name === field);
  return (
    <Space wrap>
      <Typography.Text>{t("bulk.selected", { count: selected.length })}</Typography.Text>
      {can("update") && ownerField && <Button icon={<UserSwitchOutlined />} loading={busy}
        onClick={() => { setValue(null); setEditOpen("assign"); }}>{t("bulk.assign")}</Button>}
      {can("update") && <Button icon={<EditOutlined />} onClick={() => { setField(null);
        setValue(null); setEditOpen("edit"); }}>{t("bulk.edit")}</Button>}
      {can("delete") && <Button danger icon={<DeleteOutlined />} loading={busy}
        onClick={confirmDelete}>{t("common.delete")}</Button>}
      <Modal open={!!editOpen} title={editOpen === "assign" ? t("bulk.assign") : t("bulk.edit")}
        onCancel={() => setEditOpen(null)} confirmLoading={busy}
        okButtonProps={{ disabled: !chosen }}
        onOk={() => chosen && patchAll(chosen.api_name, cleanValue(chosen, value))}>
        <Form layout="vertical">
          {editOpen === "edit" && <Form.Item label={t("bulk.field")}>
            <Select value={field} onChange={(v) => { setField(v); setValue(null); }}
              options={editableFields.map((f) => ({ value: f.api_name, label: f.label }))} />
          </Form.Item>}
          {chosen && <Form.Item label={chosen.label}>
            <FieldInput field={chosen} value={value} onChange={setValue} />
          </Form.Item>}
        </Form>
      </Modal>
    </Space>
  );
}
