// Custom objects, from the fields admin: create one with its first fields, rename it in
// both languages, delete it (records and fields are kept) and restore it.
import { useState } from "react";
import { Alert, Button, Checkbox, Form, Input, Modal, Radio, Select, Space, Typography } from "antd";
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { ApiError, api } from "../api/client";
import { labelOf, useObjects } from "../api/meta";
import type { ObjectMeta } from "../api/meta";
import { formatDateTime } from "../lib/dates";
import type { DeletedObject, FieldRow } from "./customObjects";
import { bothLabels, objectBody, suggestApiName } from "./customObjects";
import { problemText } from "./problems";

const TYPES = ["text", "textarea", "number", "money", "date", "datetime", "boolean", "picklist",
  "multi_picklist", "email", "phone", "url", "lookup"];
const API_NAME = /^[a-z][a-z0-9_]{1,62}$/;

/** Server field errors ("fields[0].api_name", "api_name") onto the form's fields. */
function showFieldErrors(form: ReturnType<typeof Form.useForm>[0], err: unknown) {
  if (!(err instanceof ApiError)) return;
  form.setFields(Object.entries(err.fieldErrors).flatMap(([path, m]): { name: (string | number)[] | string;
    errors: string[] }[] => {
    const row = /^fields[.[](\d+)\]?\.(\w+)/.exec(path);
    if (row) return [{ name: ["fields", Number(row[1]), row[2] === "labels" ? "label" : row[2]], errors: [m] }];
    if (path === "api_name") return [{ name: "api_name", errors: [m] }];
    if (path === "title.field" || path === "title") return [{ name: "title_field", errors: [m] }];
    if (path === "title.auto_number") return [{ name: "auto_number", errors: [m] }];
    if (path === "label" || path === "labels") return [{ name: "en", errors: [m] }];
    return [];
  }));
}

export function NewObjectDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (o: ObjectMeta) => void }) {
  const { t, i18n } = useTranslation();
  const { data: objects = [] } = useObjects();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const rows: FieldRow[] = Form.useWatch("fields", form) ?? [];
  const titleMode = Form.useWatch("title_mode", form) ?? "field";
  const textRows = rows.filter((f) => (f?.type ?? "text") === "text" && f?.api_name && API_NAME.test(f.api_name));
  const save = async () => {
    const v = await form.validateFields();
    setBusy(true); setError(null);
    try {
      onCreated(await api<ObjectMeta>("meta/objects", { body: objectBody(v) }));
    } catch (err) {
      showFieldErrors(form, err);
      setError(problemText(err, t));
    } finally {
      setBusy(false);
    }
  };
  const suggest = (label: string) => { if (!form.isFieldTouched("api_name")) form.setFieldValue("api_name", suggestApiName(label)); };
  return (
    <Modal open width={760} title={t("objects.new")} onCancel={onClose} onOk={() => void save()} confirmLoading={busy}
      okText={t("objects.create")}>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={{ fields: [], title_mode: "field", auto_number: "{0000}" }}>
        <Space wrap align="start">
          <Form.Item name="zh" label={t("objects.nameZh")} rules={[{ max: 100 }]}><Input id="object-zh" style={{ width: 200 }} /></Form.Item>
          <Form.Item name="en" label={t("objects.nameEn")} dependencies={["zh"]} rules={[({ getFieldValue }) => ({
            validator: (_, v) => (v?.trim() || getFieldValue("zh")?.trim() ? Promise.resolve()
              : Promise.reject(new Error(t("objects.nameNeeded")))) })]}>
            <Input id="object-en" style={{ width: 200 }} onChange={(e) => suggest(e.target.value)} /></Form.Item>
          <Form.Item name="api_name" label={t("fields.apiName")} extra={t("objects.apiNameHelp")} rules={[
            { required: true, message: t("form.requiredShort") }, { pattern: API_NAME, message: t("fields.apiNamePattern") }]}>
            <Input id="object-api-name" style={{ width: 200 }} maxLength={63} /></Form.Item>
        </Space>
        <Typography.Text strong>{t("objects.firstFields")}</Typography.Text>
        <Typography.Paragraph type="secondary">{t("objects.firstFieldsHelp")}</Typography.Paragraph>
        <Form.List name="fields">
          {(items, { add, remove }) => <>
            {items.map(({ key, name }) => (
              <Space key={key} wrap align="start" data-testid="object-field-row">
                <Form.Item name={[name, "label"]} rules={[{ required: true, message: t("form.requiredShort") }]}>
                  <Input placeholder={t("fields.label")} style={{ width: 150 }}
                    onChange={(e) => { if (!form.isFieldTouched(["fields", name, "api_name"])) form.setFieldValue(["fields", name, "api_name"], suggestApiName(e.target.value)); }} />
                </Form.Item>
                <Form.Item name={[name, "api_name"]} rules={[{ required: true, message: t("form.requiredShort") },
                  { pattern: API_NAME, message: t("fields.apiNamePattern") }]}>
                  <Input placeholder={t("fields.apiName")} style={{ width: 150 }} maxLength={63} /></Form.Item>
                <Form.Item name={[name, "type"]} initialValue="text">
                  <Select style={{ width: 130 }} aria-label={t("fields.type")}
                    options={TYPES.map((ty) => ({ value: ty, label: t(`fields.types.${ty}`) }))} /></Form.Item>
                {(rows[name]?.type === "picklist" || rows[name]?.type === "multi_picklist") &&
                  <Form.Item name={[name, "options"]} rules={[{ required: true, message: t("form.requiredShort") }]}>
                    <Input placeholder={t("fields.optionsHelp")} style={{ width: 200 }} /></Form.Item>}
                {rows[name]?.type === "lookup" && <Form.Item name={[name, "target"]}
                  rules={[{ required: true, message: t("form.requiredShort") }]}>
                  <Select style={{ width: 150 }} placeholder={t("fields.target")}
                    options={objects.map((o) => ({ value: o.api_name, label: labelOf(o, i18n.language) }))} /></Form.Item>}
                <Form.Item name={[name, "required"]} valuePropName="checked"><Checkbox>{t("fields.required")}</Checkbox></Form.Item>
                <Button type="text" icon={<DeleteOutlined />} aria-label={t("common.remove")} onClick={() => remove(name)} />
              </Space>
            ))}
            <div><Button size="small" icon={<PlusOutlined />} onClick={() => add({ type: "text" })}>{t("fields.add")}</Button></div>
          </>}
        </Form.List>
        <Typography.Text strong style={{ display: "block", marginTop: 16 }}>{t("objects.title")}</Typography.Text>
        <Typography.Paragraph type="secondary">{t("objects.titleHelp")}</Typography.Paragraph>
        <Space wrap align="start" data-testid="object-title">
          <Form.Item name="title_mode">
            <Radio.Group optionType="button" options={[{ value: "field", label: t("objects.titleByField") },
              { value: "auto", label: t("objects.titleByNumber") }]} /></Form.Item>
          {titleMode === "field" ? <Form.Item name="title_field">
            <Select id="object-title-field" allowClear style={{ width: 280 }} aria-label={t("objects.title")}
              placeholder={t("objects.titleFieldDefault")}
              options={textRows.map((f) => ({ value: f.api_name, label: `${f.label ?? ""} (${f.api_name})` }))} /></Form.Item>
            : <Form.Item name="auto_number" extra={t("objects.autoNumberHelp")} rules={[
              { required: true, message: t("form.requiredShort") },
              { pattern: /\{0+\}/, message: t("objects.counterNeeded") }]}>
              <Input id="object-auto-number" style={{ width: 280 }} maxLength={100} placeholder="EQ-{YYYY}-{0000}" /></Form.Item>}
        </Space>
      </Form>
    </Modal>
  );
}

/** A dialog's PATCH /meta/objects/{object}: the form's values → the body; field errors
 * onto the form, the problem above it. */
function usePatchObject(obj: ObjectMeta, onSaved: () => void) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const patch = async (body: (values: Record<string, string | undefined>) => object) => {
    const v = await form.validateFields();
    setBusy(true); setError(null);
    try {
      await api(`meta/objects/${obj.api_name}`, { method: "PATCH", body: body(v) });
      onSaved();
    } catch (err) {
      showFieldErrors(form, err);
      setError(problemText(err, t));
    } finally {
      setBusy(false);
    }
  };
  return { form, error, busy, patch };
}

export function RenameObjectDialog({ obj, onClose, onSaved }: { obj: ObjectMeta; onClose: () => void;
  onSaved: () => void }) {
  const { t } = useTranslation();
  const { form, error, busy, patch } = usePatchObject(obj, onSaved);
  const save = () => patch((v) => ({ labels: bothLabels(v.zh, v.en) }));
  return (
    <Modal open title={t("objects.rename")} onCancel={onClose} onOk={() => void save()} confirmLoading={busy}>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={{ zh: obj.labels?.["zh-CN"] ?? obj.label, en: obj.labels?.en ?? obj.label }}>
        <Form.Item name="zh" label={t("objects.nameZh")} rules={[{ required: true, message: t("form.requiredShort") }]}>
          <Input maxLength={100} /></Form.Item>
        <Form.Item name="en" label={t("objects.nameEn")} rules={[{ required: true, message: t("form.requiredShort") }]}>
          <Input maxLength={100} /></Form.Item>
      </Form>
    </Modal>
  );
}

/** Move the record title to another text field, or change an auto-number's format (an
 * object numbers its records only if it did from the start). */
export function TitleDialog({ obj, onClose, onSaved }: { obj: ObjectMeta; onClose: () => void;
  onSaved: () => void }) {
  const { t } = useTranslation();
  const { form, error, busy, patch } = usePatchObject(obj, onSaved);
  const numbered = !!obj.auto_number;
  const texts = obj.fields.filter((f) => f.custom && f.type === "text");
  const save = () => patch((v) => ({
    title: numbered ? { auto_number: String(v.auto_number).trim() } : { field: v.title_field } }));
  return (
    <Modal open title={t("objects.title")} onCancel={onClose} onOk={() => void save()} confirmLoading={busy}>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Typography.Paragraph type="secondary">{t("objects.titleHelp")}</Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ title_field: obj.name_field, auto_number: obj.auto_number }}>
        {numbered
          ? <Form.Item name="auto_number" label={t("objects.titleByNumber")} extra={t("objects.autoNumberHelp")} rules={[
            { required: true, message: t("form.requiredShort") }, { pattern: /\{0+\}/, message: t("objects.counterNeeded") }]}>
            <Input id="title-auto-number" maxLength={100} /></Form.Item>
          : <Form.Item name="title_field" label={t("objects.titleByField")} extra={t("objects.titleMoveHelp")}>
            <Select id="title-field" options={texts.map((f) => ({ value: f.api_name, label: `${f.label} (${f.api_name})` }))} /></Form.Item>}
      </Form>
    </Modal>
  );
}

/** Deleted custom objects with a Restore button each (nothing when there are none). */
export function DeletedObjects({ onRestored }: { onRestored: (name: string) => void }) {
  const { t, i18n } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const log = useQuery({ queryKey: ["meta", "objects", "deleted"],
    queryFn: () => api<{ items: DeletedObject[] }>("meta/objects", { query: { deleted: "true" } }) });
  const gone = log.data?.items ?? [];
  if (!gone.length) return null;
  const restore = async (name: string) => {
    setError(null);
    try {
      await api(`meta/objects/${name}/restore`, { method: "POST" });
      await log.refetch();
      onRestored(name);
    } catch (err) {
      setError(problemText(err, t));
    }
  };
  return (
    <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t("objects.deleted")} data-testid="deleted-objects"
      description={<>
        {error && <Typography.Text type="danger">{error}</Typography.Text>}
        {gone.map((o) => <div key={o.api_name}><Space wrap>
          <span>{o.label} <Typography.Text code>{o.api_name}</Typography.Text></span>
          <Typography.Text type="secondary">{formatDateTime(o.deleted_at, i18n.language)}</Typography.Text>
          <Button size="small" onClick={() => void restore(o.api_name)}>{t("objects.restore")}</Button></Space></div>)}
      </>} />
  );
}
