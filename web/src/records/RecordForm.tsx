// Create or edit any object's record from its metadata. Server field errors land on
// their fields, what the user typed is kept on every failure, one click saves once,
// a duplicate warning offers "save anyway", and a stale version opens the merge dialog.
import { useEffect, useRef, useState } from "react";
import { Alert, Button, Col, Form, Modal, Row, Space, Typography } from "antd";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { ApiError, NetworkError, api } from "../api/client";
import type { RecordData } from "../api/client";
import { editable, useObject } from "../api/meta";
import type { FieldMeta } from "../api/meta";
import { useIsMobile } from "../shell/useIsMobile";
import ConflictDialog from "./ConflictDialog";
import FieldInput from "./FieldInput";
import { changedValues, cleanValue, isDuplicate, isStale, validateValues } from "./save";

interface Props {
  object: string;
  open: boolean;
  record?: RecordData | null;
  initial?: Record<string, unknown>;
  /** Show only these fields (quick create); default: every editable field. */
  only?: string[];
  title?: string;
  onClose: () => void;
  onSaved: (record: RecordData) => void;
}

interface Duplicate { message: string; errors: { field: string; message: string; id?: string }[] }

export default function RecordForm({ object, open, record, initial, only, title, onClose,
  onSaved }: Props) {
  const { t } = useTranslation();
  const obj = useObject(object);
  const mobile = useIsMobile();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [duplicate, setDuplicate] = useState<Duplicate | null>(null);
  const [conflict, setConflict] = useState<Record<string, unknown> | null>(null);
  const [saving, setSaving] = useState(false);
  const inFlight = useRef(false);
  const creating = !record;

  // The owner defaults to the creator; it is changed by "assign", or when asked for.
  const fields: FieldMeta[] = (obj?.fields ?? []).filter((f) => editable(f)
    && (only ? only.includes(f.api_name) : f.api_name !== "owner_id"));

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(record ?? initial ?? {});
    setError(null);
    setDuplicate(null);
  }, [open, record, initial, form]);

  const finish = (saved: RecordData) => {
    void qc.invalidateQueries({ queryKey: ["list", object] });
    void qc.invalidateQueries({ queryKey: ["record", object, saved.id] });
    void qc.invalidateQueries({ queryKey: ["overview"] });
    void qc.invalidateQueries({ queryKey: ["timeline"] });
    onSaved(saved);
  };

  const submit = async (allowDuplicate = false) => {
    if (inFlight.current) return; // a double click saves once
    const values = form.getFieldsValue(true) as Record<string, unknown>;
    const local = validateValues(fields, values, t, creating);
    form.setFields(fields.map((f) => ({ name: f.api_name,
      errors: local[f.api_name] ? [local[f.api_name]] : [] })));
    if (Object.keys(local).length) return;
    inFlight.current = true;
    setSaving(true);
    setError(null);
    setDuplicate(null); // a warning about what was typed before no longer applies
    try {
      let saved: RecordData;
      if (creating) {
        const body = Object.fromEntries(fields.filter((f) => f.api_name in values)
          .map((f) => [f.api_name, cleanValue(f, values[f.api_name])]));
        saved = await api<RecordData>(object, { body,
          query: allowDuplicate ? { allow_duplicate: true } : undefined });
      } else {
        const changes = changedValues(fields, record, values);
        if (!Object.keys(changes).length) { onClose(); return; }
        try {
          saved = await api<RecordData>(`${object}/${record.id}`, { method: "PATCH",
            body: { ...changes, version: record.version } });
        } catch (err) {
          if (isStale(err)) { setConflict(changes); return; }
          throw err;
        }
      }
      finish(saved);
    } catch (err) {
      showError(err);
    } finally {
      inFlight.current = false;
      setSaving(false);
    }
  };

  const showError = (err: unknown) => {
    if (isDuplicate(err) && creating) {
      setDuplicate({ message: err.message, errors: (err.problem?.errors ?? []) as Duplicate["errors"] });
      return;
    }
    if (err instanceof ApiError) {
      const byField = err.fieldErrors;
      const known = fields.filter((f) => byField[f.api_name]);
      form.setFields(known.map((f) => ({ name: f.api_name, errors: [byField[f.api_name]] })));
      const others = Object.entries(byField).filter(([k]) => !known.some((f) => f.api_name === k));
      setError([err.message, ...others.map(([k, m]) => `${k}: ${m}`)].join(" — "));
    } else {
      setError(err instanceof NetworkError ? t("error.network") : t("error.unknown"));
    }
  };

  const heading = title ?? (creating ? t("form.createTitle", { object: obj?.label ?? object })
    : t("form.editTitle", { object: obj?.label ?? object }));
  return (
    <>
      <Modal open={open} title={heading} onCancel={onClose} width={mobile ? "100%" : 760}
        style={mobile ? { top: 0, maxWidth: "100%", padding: 0 } : undefined} destroyOnHidden
        footer={<Space>
          <Button onClick={onClose}>{t("common.cancel")}</Button>
          <Button type="primary" loading={saving} onClick={() => void submit()}
            data-testid="form-save">{t("common.save")}</Button>
        </Space>}>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }}
          data-testid="form-error" />}
        {duplicate && <DuplicateWarning dup={duplicate} object={object}
          onSaveAnyway={() => { setDuplicate(null); void submit(true); }} />}
        <Form form={form} layout="vertical" onFinish={() => void submit()}
          data-testid={`form-${object}`}>
          <Row gutter={16}>
            {fields.map((f) => (
              <Col key={f.api_name} xs={24} md={f.type === "textarea" ? 24 : 12}>
                <Form.Item name={f.api_name} label={f.label} required={f.required}
                  tooltip={f.help} valuePropName={f.type === "boolean" ? "checked" : "value"}
                  getValueProps={f.type === "boolean" ? (v) => ({ checked: !!v }) : undefined}>
                  <FieldInput field={f} id={`field-${f.api_name}`} />
                </Form.Item>
              </Col>
            ))}
          </Row>
          <button type="submit" hidden aria-hidden />
        </Form>
      </Modal>
      {conflict && obj && record && (
        <ConflictDialog obj={obj} recordId={record.id} base={record} mine={conflict}
          onCancel={() => setConflict(null)}
          onSaved={(saved) => { setConflict(null); finish(saved); }} />
      )}
    </>
  );
}

function DuplicateWarning({ dup, object, onSaveAnyway }: { dup: Duplicate; object: string;
  onSaveAnyway: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert type="warning" showIcon style={{ marginBottom: 12 }} data-testid="duplicate-warning"
      message={t("duplicate.title")}
      description={<>
        <Typography.Paragraph style={{ marginBottom: 8 }}>{dup.message}</Typography.Paragraph>
        <ul style={{ paddingLeft: 18, margin: 0 }}>
          {dup.errors.map((e, i) => (
            <li key={i}>{e.message}{e.id && <> — <Link to={`/o/${object}/${e.id}`}
              target="_blank">{t("duplicate.open")}</Link></>}</li>
          ))}
        </ul>
        <Button size="small" style={{ marginTop: 8 }} onClick={onSaveAnyway}
          data-testid="save-anyway">{t("duplicate.saveAnyway")}</Button>
      </>} />
  );
}
