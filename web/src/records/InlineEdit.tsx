// Inline edit of one field (list cells, detail fields): PATCH with the version read;
// a stale version opens the merge dialog instead of losing either change.
import { useRef, useState } from "react";
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

/**
 * A field's value with an edit button. Lists show hundreds of these, so the idle state
 * is plain markup; the editor (and its hooks) mounts only when the user starts editing.
 */
export default function InlineEdit(props: Props) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const { field, record, names, canEdit } = props;
  if (editing) return <InlineEditor {...props} onDone={() => setEditing(false)} />;
  return (
    <span className="inline-value">
      <FieldValue field={field} value={record[field.api_name]} record={record} names={names} />
      {canEdit && editable(field) && (
        <button type="button" className="inline-edit-btn"
          aria-label={t("common.editField", { field: field.label })} data-testid={`edit-${field.api_name}`}
          onClick={(e) => { e.stopPropagation(); setEditing(true); }}><EditOutlined /></button>
      )}
    </span>
  );
}

function InlineEditor({ obj, field, record, names, onSaved, onDone }: Props & { onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [value, setValue] = useState<unknown>(record[field.api_name]);
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<Record<string, unknown> | null>(null);
  const busy = useRef(false);

  const saved = (r: RecordData) => {
    onDone();
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
      onDone();
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

  const commitOnChange = ["picklist", "boolean", "date", "lookup"].includes(field.type);
  return (
    <>
      <div onClick={(e) => e.stopPropagation()} onKeyDown={(e) => {
        if (e.key === "Enter" && field.type !== "textarea") void save();
        if (e.key === "Escape") onDone();
      }}>
        <Space.Compact style={{ width: "100%", minWidth: 180 }}>
          <div style={{ flex: 1 }}>
            <FieldInput field={field} value={value} autoFocus
              currentLabel={names?.get(String(record[field.api_name]))}
              onChange={(v) => { setValue(v); setError(null); if (commitOnChange) void save(v); }} />
          </div>
          <Button icon={<CheckOutlined />} onClick={() => void save()} aria-label={t("common.save")}
            data-testid={`save-${field.api_name}`} />
          <Button icon={<CloseOutlined />} onClick={() => onDone()}
            aria-label={t("common.cancel")} />
        </Space.Compact>
        {error && <div className="ant-form-item-explain-error" role="alert">{error}</div>}
      </div>
      {conflict && <ConflictDialog obj={obj} recordId={record.id} base={record} mine={conflict}
        onCancel={() => setConflict(null)} onSaved={saved} />}
    </>
  );
}
