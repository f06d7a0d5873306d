// Inline edit of one field (list cells, detail fields): PATCH with the version read;
// a stale version opens the merge dialog instead of losing either change.
import { useRef, useState } from "react";
import type { ReactNode } from "react";
import { App, Button, Space } from "antd";
import { CheckOutlined, CloseOutlined, EditOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { ApiError, NetworkError, api } from "../api/client";
import type { RecordData } from "../api/client";
import type { FieldMeta, ObjectMeta } from "../api/meta";
import { editable } from "../api/meta";
import ConflictDialog from "./ConflictDialog";
import FieldInput from "./FieldInput";
import FieldValue from "./FieldValue";
import type { NameMap } from "./lookups";
import { cleanValue, isStale, validateValues } from "./save";

interface Props {
  obj: ObjectMeta;
  field: FieldMeta;
  record: RecordData;
  names?: NameMap;
  onSaved?: (r: RecordData) => void;
  canEdit: boolean;
}

export default function InlineEdit({ obj, field, record, names, onSaved, canEdit }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState<unknown>(record[field.api_name]);
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<Record<string, unknown> | null>(null);
  const busy = useRef(false);

  const saved = (r: RecordData) => {
    setEditing(false);
    setConflict(null);
    void qc.invalidateQueries({ queryKey: ["list", obj.api_name] });
    void qc.invalidateQueries({ queryKey: ["record", obj.api_name, r.id] });
    void qc.invalidateQueries({ queryKey: ["overview"] });
    onSaved?.(r);
    message.success(t("common.saved"));
  };

  const save = async (v: unknown = value) => {
    if (busy.current) return;
    const clean = cleanValue(field, v);
    if (JSON.stringify(clean ?? null) === JSON.stringify(record[field.api_name] ?? null)) {
      setEditing(false);
      return;
    }
    const local = validateValues([field], { [field.api_name]: clean }, t, false)[field.api_name];
    if (local) { setError(local); return; }
    busy.current = true;
    try {
      saved(await api<RecordData>(`${obj.api_name}/${record.id}`, { method: "PATCH",
        body: { [field.api_name]: clean, version: record.version } }));
    } catch (err) {
      if (isStale(err)) setConflict({ [field.api_name]: clean });
      else if (err instanceof ApiError) setError(err.fieldErrors[field.api_name] ?? err.message);
      else setError(err instanceof NetworkError ? t("error.network") : t("error.unknown"));
    } finally {
      busy.current = false;
    }
  };

  let body: ReactNode;
  if (!editing) {
    body = (
      <span className="inline-value">
        <FieldValue field={field} value={record[field.api_name]} record={record} names={names} />
        {canEdit && editable(field) && (
          <Button type="text" size="small" icon={<EditOutlined />} className="inline-edit-btn"
            aria-label={t("common.editField", { field: field.label })}
            data-testid={`edit-${field.api_name}`}
            onClick={(e) => { e.stopPropagation(); setValue(record[field.api_name]);
              setError(null); setEditing(true); }} />
        )}
      </span>
    );
  } else {
    const commitOnChange = ["picklist", "boolean", "date", "lookup"].includes(field.type);
    body = (
      <div onClick={(e) => e.stopPropagation()} onKeyDown={(e) => {
        if (e.key === "Enter" && field.type !== "textarea") void save();
        if (e.key === "Escape") setEditing(false);
      }}>
        <Space.Compact style={{ width: "100%", minWidth: 180 }}>
          <div style={{ flex: 1 }}>
            <FieldInput field={field} value={value} autoFocus
              currentLabel={names?.get(String(record[field.api_name]))}
              onChange={(v) => { setValue(v); setError(null); if (commitOnChange) void save(v); }} />
          </div>
          <Button icon={<CheckOutlined />} onClick={() => void save()} aria-label={t("common.save")}
            data-testid={`save-${field.api_name}`} />
          <Button icon={<CloseOutlined />} onClick={() => setEditing(false)}
            aria-label={t("common.cancel")} />
        </Space.Compact>
        {error && <div className="ant-form-item-explain-error" role="alert">{error}</div>}
      </div>
    );
  }
  return (
    <>
      {body}
      {conflict && <ConflictDialog obj={obj} recordId={record.id} base={record} mine={conflict}
        onCancel={() => setConflict(null)} onSaved={saved} />}
    </>
  );
}
