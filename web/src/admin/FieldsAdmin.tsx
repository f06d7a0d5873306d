// Custom fields: see every object's fields and add one (POST /meta/objects/{object}/fields);
// custom objects are created, renamed, deleted and restored here too (CustomObjects.tsx).
import { useState } from "react";
import { Alert, App, Button, Checkbox, Form, Input, Modal, Select, Space, Table, Tag, Typography } from "antd";
import { DeleteOutlined, EditOutlined, LayoutOutlined, PlusOutlined } from "@ant-design/icons";
import { Link } from "react-router-dom";
import { DeletedObjects, NewObjectDialog, RenameObjectDialog, TitleDialog } from "./CustomObjects";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { ApiError, api } from "../api/client";
import { optionLabel } from "../records/options";
import { labelOf, useObjects } from "../api/meta";
import type { FieldMeta } from "../api/meta";
import { routeMissing } from "../shell/NotificationsBell";

const TYPES = ["text", "textarea", "number", "money", "date", "datetime", "boolean", "picklist",
  "multi_picklist", "email", "phone", "url", "lookup"];

export default function FieldsAdmin() {
  const { t, i18n } = useTranslation();
  const { data: objects = [] } = useObjects();
  const [object, setObject] = useState("accounts");
  const [adding, setAdding] = useState(false);
  const [dialog, setDialog] = useState<"new" | "rename" | "title" | null>(null);
  const { modal, message } = App.useApp();
  const qc = useQueryClient();
  const obj = objects.find((o) => o.api_name === object);
  const reload = () => qc.invalidateQueries({ queryKey: ["meta"] });
  const removeObject = (o: typeof obj & object) => modal.confirm({
    title: t("objects.deleteTitle", { name: labelOf(o, i18n.language) }), content: t("objects.deleteText"),
    okText: t("common.delete"), okButtonProps: { danger: true },
    onOk: async () => {
      try {
        await api(`meta/objects/${o.api_name}`, { method: "DELETE" });
      } catch (err) {
        message.error(err instanceof ApiError ? err.message : t("error.network"));
        return;
      }
      setObject("accounts");
      await reload(); // the objects, and the deleted ones offered for restore
      message.success(t("objects.deletedOne"));
    } });
  return (
    <div data-testid="fields-admin">
      <div className="page-header">
        <Typography.Title level={3}>{t("nav.fields")}</Typography.Title>
        <div className="actions">
          <Select style={{ width: 200 }} value={object} onChange={setObject} showSearch optionFilterProp="label"
            options={objects.map((o) => ({ value: o.api_name, label: labelOf(o, i18n.language) }))} />
          {obj?.custom && <Space.Compact>
            <Button icon={<EditOutlined />} onClick={() => setDialog("rename")}>{t("objects.rename")}</Button>
            <Button onClick={() => setDialog("title")} data-testid="object-title-change">{t("objects.title")}</Button>
            <Button danger icon={<DeleteOutlined />} onClick={() => removeObject(obj)}>{t("objects.delete")}</Button>
          </Space.Compact>}
          <Link to={`/admin/layouts/${object}`}><Button icon={<LayoutOutlined />}>{t("layouts.title")}</Button></Link>
          <Button icon={<PlusOutlined />} onClick={() => setDialog("new")} data-testid="object-new">{t("objects.new")}</Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>{t("fields.add")}</Button>
        </div>
      </div>
      <DeletedObjects onRestored={(name) => { void reload().then(() => setObject(name)); message.success(t("objects.restored")); }} />
      <Table<FieldMeta> size="small" rowKey="api_name" dataSource={obj?.fields ?? []} pagination={false}
        scroll={{ x: "max-content" }} columns={[
          { key: "label", title: t("fields.label"), render: (_, f) => f.label },
          { key: "api", title: t("fields.apiName"), render: (_, f) => <Typography.Text code>{f.api_name}</Typography.Text> },
          { key: "type", title: t("fields.type"), render: (_, f) => t(`fields.types.${f.type}`, { defaultValue: f.type }) },
          { key: "flags", title: "", render: (_, f) => <>
            {obj?.custom && f.api_name === obj.name_field && <Tag color="gold">{obj.auto_number
              ? t("objects.autoNumberTag", { format: obj.auto_number }) : t("objects.titleTag")}</Tag>}
            {f.required && <Tag color="red">{t("fields.required")}</Tag>}
            {f.custom && <Tag color="blue">{t("fields.custom")}</Tag>}
            {f.readonly && <Tag>{t("fields.readonly")}</Tag>}</> },
          { key: "options", title: t("fields.options"), render: (_, f) => (f.options ?? []).map((o) => optionLabel(t, f, o, i18n.language)).join(", ")
            || (f.target ? labelOf(objects.find((o) => o.api_name === f.target) ?? { label: f.target },
              i18n.language) : "") },
        ]} />
      {adding && <AddField object={object} onClose={() => setAdding(false)} />}
      {dialog === "new" && <NewObjectDialog onClose={() => setDialog(null)} onCreated={(o) => {
        setDialog(null);
        void reload().then(() => setObject(o.api_name));
        message.success(t("objects.created"));
      }} />}
      {dialog === "title" && obj && <TitleDialog obj={obj} onClose={() => setDialog(null)}
        onSaved={() => { setDialog(null); void reload(); message.success(t("common.saved")); }} />}
      {dialog === "rename" && obj && <RenameObjectDialog obj={obj} onClose={() => setDialog(null)}
        onSaved={() => { setDialog(null); void reload(); message.success(t("common.saved")); }} />}
    </div>
  );
}

function AddField({ object, onClose }: { object: string; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { data: objects = [] } = useObjects();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const type = Form.useWatch("type", form);
  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      await api(`meta/objects/${object}/fields`, { body: { api_name: v.api_name, label: v.label,
        type: v.type, required: !!v.required, target: v.target,
        options: v.options ? String(v.options).split(/[,，\n]/).map((s: string) => s.trim()).filter(Boolean) : undefined } });
      message.success(t("common.saved"));
      await qc.invalidateQueries({ queryKey: ["meta"] });
      onClose();
    } catch (err) {
      if (routeMissing(err) || (err instanceof ApiError && err.status === 405)) setError(t("fields.unavailable"));
      else if (err instanceof ApiError) {
        form.setFields(Object.entries(err.fieldErrors).map(([name, m]) => ({ name, errors: [m] })));
        setError(err.message);
      } else setError(t("error.network"));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={t("fields.add")} onCancel={onClose} onOk={save} confirmLoading={busy}>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={{ type: "text" }}>
        <Form.Item name="label" label={t("fields.label")} rules={[{ required: true, message: t("form.requiredShort") }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="api_name" label={t("fields.apiName")} extra={t("fields.apiNameHelp")}
          rules={[{ required: true, message: t("form.requiredShort") },
            { pattern: /^[a-z][a-z0-9_]{1,62}$/, message: t("fields.apiNamePattern") }]}>
          <Input maxLength={63} />
        </Form.Item>
        <Form.Item name="type" label={t("fields.type")}>
          <Select options={TYPES.map((ty) => ({ value: ty, label: t(`fields.types.${ty}`) }))} />
        </Form.Item>
        {(type === "picklist" || type === "multi_picklist") && (
          <Form.Item name="options" label={t("fields.options")} extra={t("fields.optionsHelp")}
            rules={[{ required: true, message: t("form.requiredShort") }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        )}
        {type === "lookup" && (
          <Form.Item name="target" label={t("fields.target")} rules={[{ required: true, message: t("form.requiredShort") }]}>
            <Select options={objects.map((o) => ({ value: o.api_name, label: labelOf(o, i18n.language) }))} />
          </Form.Item>
        )}
        <Form.Item name="required" valuePropName="checked"><Checkbox>{t("fields.required")}</Checkbox></Form.Item>
      </Form>
    </Modal>
  );
}
