// Someone else saved the record since it was read (409 stale version): show both
// versions side by side, let the user pick per field, and save on top of theirs.
import { useEffect, useState } from "react";
import { Alert, Modal, Radio, Table, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { api } from "../api/client";
import type { RecordData } from "../api/client";
import type { ObjectMeta } from "../api/meta";
import FieldValue from "./FieldValue";
import { conflictingFields } from "./save";

interface Props {
  obj: ObjectMeta;
  recordId: string;
  base: Record<string, unknown>; // the record as the user read it
  mine: Record<string, unknown>; // the user's unsaved changes
  onSaved: (record: RecordData) => void;
  onCancel: () => void;
}

export default function ConflictDialog({ obj, recordId, base, mine, onSaved, onCancel }: Props) {
  const { t } = useTranslation();
  const [theirs, setTheirs] = useState<RecordData | null>(null);
  const [choice, setChoice] = useState<Record<string, "mine" | "theirs">>({});
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const load = () => api<RecordData>(`${obj.api_name}/${recordId}`).then((r) => {
    setTheirs(r);
    setChoice(Object.fromEntries(Object.keys(mine).map((k) => [k, "mine"])));
  });
  useEffect(() => { void load(); }, []); // eslint-disable-line react-hooks/exhaustive-deps

  if (!theirs) return <Modal open loading title={t("conflict.title")} onCancel={onCancel} footer={null} />;
  const conflicts = new Set(conflictingFields(base, mine, theirs));
  const rows = Object.keys(mine).map((k) => ({ key: k,
    field: obj.fields.find((f) => f.api_name === k) }));

  const save = async () => {
    setSaving(true);
    setError(null);
    const body: Record<string, unknown> = { version: theirs.version };
    for (const [k, who] of Object.entries(choice)) if (who === "mine") body[k] = mine[k];
    try {
      onSaved(await api<RecordData>(`${obj.api_name}/${recordId}`, { method: "PATCH", body }));
    } catch (err) {
      setError((err as Error).message);
      await load(); // changed yet again: show the newest version
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open title={t("conflict.title")} onCancel={onCancel} onOk={save} width={720}
      okText={t("conflict.save")} confirmLoading={saving} data-testid="conflict-dialog">
      <Typography.Paragraph>{t("conflict.text")}</Typography.Paragraph>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Table size="small" pagination={false} dataSource={rows} columns={[
        { title: t("conflict.field"), render: (_, r) => r.field?.label ?? r.key },
        { title: t("conflict.mine"), render: (_, r) => r.field
          ? <FieldValue field={r.field} value={mine[r.key]} record={mine} /> : String(mine[r.key]) },
        { title: t("conflict.theirs"), render: (_, r) => r.field
          ? <FieldValue field={r.field} value={theirs[r.key]} record={theirs} />
          : String(theirs[r.key]) },
        { title: t("conflict.keep"), render: (_, r) => (
          <Radio.Group size="small" value={choice[r.key]}
            onChange={(e) => setChoice({ ...choice, [r.key]: e.target.value })}>
            <Radio.Button value="mine">{t("conflict.keepMine")}</Radio.Button>
            <Radio.Button value="theirs">{t("conflict.keepTheirs")}</Radio.Button>
          </Radio.Group>) },
        { title: "", render: (_, r) => conflicts.has(r.key)
          ? <Typography.Text type="warning">{t("conflict.both")}</Typography.Text> : null },
      ]} />
    </Modal>
  );
}
