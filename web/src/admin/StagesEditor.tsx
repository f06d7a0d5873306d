// A pipeline's stages in order: key, names in both languages, probability, kind and the
// fields a deal needs before entering the stage (enforced by the server → kanban dialog).
import { useEffect, useState } from "react";
import { Alert, App, Button, Input, InputNumber, Select, Space, Table } from "antd";
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { ApiError, api } from "../api/client";
import type { RecordData } from "../api/client";
import { labelOf, useObject } from "../api/meta";

export interface Stage { key: string; name?: string; labels?: { en?: string; "zh-CN"?: string };
  probability: number; kind: "open" | "won" | "lost"; required_fields?: string[] }

/** Move a stage up (-1) or down (+1); the list is the pipeline's order. */
export function moveStage(stages: Stage[], i: number, by: -1 | 1): Stage[] {
  const j = i + by;
  if (j < 0 || j >= stages.length) return stages;
  const next = [...stages];
  [next[i], next[j]] = [next[j], next[i]];
  return next;
}

export default function StagesEditor({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const opps = useObject("opportunities");
  const pipeline = useQuery({ queryKey: ["record", "pipelines", id], queryFn: () => api<RecordData>(`pipelines/${id}`) });
  const [stages, setStages] = useState<Stage[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => { if (pipeline.data) setStages((pipeline.data.stages as Stage[]) ?? []); }, [pipeline.data]);
  if (!pipeline.data) return null;
  const set = (i: number, patch: Partial<Stage>) => setStages(stages.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const setLabel = (i: number, lang: "en" | "zh-CN", v: string) =>
    set(i, { labels: { ...stages[i].labels, [lang]: v }, ...(lang === "en" ? { name: v } : {}) });
  const save = async () => {
    setBusy(true); setError(null); setErrors({});
    try {
      const saved = await api<RecordData>(`pipelines/${id}`, { method: "PATCH",
        body: { stages, version: pipeline.data!.version } });
      qc.setQueryData(["record", "pipelines", id], saved);
      void qc.invalidateQueries({ queryKey: ["kanban"] });
      message.success(t("common.saved"));
    } catch (err) {
      if (err instanceof ApiError) { setErrors(err.fieldErrors); setError(err.message); }
      else setError(t("error.network"));
    } finally {
      setBusy(false);
    }
  };
  const err = (i: number, f: string) => errors[`stages.${i}.${f}`];
  return (
    <div data-testid="stages-editor">
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }}
        description={errors.stages} />}
      <Table<Stage> size="small" rowKey={(_, i) => String(i)} dataSource={stages} pagination={false}
        scroll={{ x: "max-content" }} columns={[
          { key: "order", width: 70, render: (_, __, i) => <Space.Compact>
            <Button size="small" icon={<ArrowUpOutlined />} disabled={i === 0} aria-label={t("stages.up")}
              onClick={() => setStages(moveStage(stages, i, -1))} />
            <Button size="small" icon={<ArrowDownOutlined />} disabled={i === stages.length - 1} aria-label={t("stages.down")}
              onClick={() => setStages(moveStage(stages, i, 1))} /></Space.Compact> },
          { key: "key", title: t("stages.key"), render: (_, s, i) => <Input size="small" style={{ width: 120 }}
            value={s.key} status={err(i, "key") ? "error" : undefined} onChange={(e) => set(i, { key: e.target.value })} /> },
          { key: "zh", title: t("stages.nameZh"), render: (_, s, i) => <Input size="small" style={{ width: 120 }}
            value={s.labels?.["zh-CN"] ?? ""} onChange={(e) => setLabel(i, "zh-CN", e.target.value)} /> },
          { key: "en", title: t("stages.nameEn"), render: (_, s, i) => <Input size="small" style={{ width: 140 }}
            value={s.labels?.en ?? s.name ?? ""} onChange={(e) => setLabel(i, "en", e.target.value)} /> },
          { key: "p", title: t("stages.probability"), render: (_, s, i) => <InputNumber size="small" min={0} max={100}
            value={s.probability} addonAfter="%" status={err(i, "probability") ? "error" : undefined}
            onChange={(v) => set(i, { probability: v ?? 0 })} /> },
          { key: "k", title: t("stages.kind"), render: (_, s, i) => <Select size="small" style={{ width: 100 }} value={s.kind}
            onChange={(kind) => set(i, { kind })} options={["open", "won", "lost"].map((k) => ({ value: k,
              label: t(`pick.status.${k}`) }))} /> },
          { key: "r", title: t("stages.required"), render: (_, s, i) => <Select size="small" mode="multiple"
            style={{ minWidth: 200 }} value={s.required_fields ?? []} onChange={(v) => set(i, { required_fields: v })}
            options={(opps?.fields ?? []).filter((f) => !f.readonly).map((f) => ({ value: f.api_name,
              label: labelOf(f, i18n.language) }))} /> },
          { key: "x", render: (_, __, i) => <Button size="small" type="text" icon={<DeleteOutlined />}
            aria-label={t("common.remove")} onClick={() => setStages(stages.filter((_, j) => j !== i))} /> },
        ]} />
      <Space style={{ marginTop: 12 }}>
        <Button icon={<PlusOutlined />} onClick={() => setStages([...stages.filter((s) => s.kind === "open"),
          { key: `stage_${stages.length + 1}`, labels: {}, probability: 50, kind: "open", required_fields: [] },
          ...stages.filter((s) => s.kind !== "open")])}>{t("stages.add")}</Button>
        <Button type="primary" loading={busy} onClick={() => void save()}>{t("common.save")}</Button>
      </Space>
    </div>
  );
}
