// Add (or change) one dashboard widget: its kind of chart, a title and where its
// figures come from — a saved report or one of the analytics figures the API offers.
import { useState } from "react";
import { Form, Input, Modal, Select, Slider } from "antd";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api } from "../api/client";
import type { Widget, WidgetType } from "./figures";
import { WIDGET_TYPES } from "./figures";

// The figures /dashboards/{id}/data can feed a widget with (dashboards.SOURCES).
export const SOURCES = ["report", "funnel", "forecast", "targets", "leaderboard", "revenue", "payments",
  "receivables", "lead_conversion", "campaign_roi", "activities", "lost_reasons"];
// The parameters worth choosing per source; the rest take the API's defaults.
const PARAMS: Record<string, Record<string, string[]>> = {
  targets: { period: ["current_month", "current_quarter"] },
  leaderboard: { period: ["current_month", "current_quarter"], by: ["actual", "attainment"] },
  revenue: { by: ["month", "quarter", "owner", "department", "region", "industry", "source", "product"],
    measure: ["won", "ordered", "paid"] },
  payments: { by: ["month", "quarter", "owner", "department", "region"] },
  receivables: { basis: ["order_date", "due_date"] },
  lead_conversion: { by: ["source", "campaign", "owner"] },
};
// A sensible chart per source when the user has not picked one.
const DEFAULT_TYPE: Record<string, WidgetType> = { funnel: "funnel", leaderboard: "table", lost_reasons: "pie",
  revenue: "line", payments: "line", targets: "number" };

interface SavedReport { id: string; name: string; object: string }

export default function WidgetDialog({ initial, onSave, onClose }: { initial?: Widget;
  onSave: (w: Omit<Widget, "x" | "y">) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Omit<Widget, "x" | "y">>(() => initial ?? {
    id: crypto.randomUUID(), type: "bar", title: "", source: "revenue", params: { by: "month" }, w: 6, h: 4 });
  const [error, setError] = useState<string | null>(null);
  const reports = useQuery({ queryKey: ["reports", "saved"], queryFn: () => api<{ items: SavedReport[] }>("reports"),
    enabled: draft.source === "report" });
  const set = (patch: Partial<Widget>) => setDraft({ ...draft, ...patch });
  const pickSource = (source: string) => set({ source, type: DEFAULT_TYPE[source] ?? draft.type,
    params: Object.fromEntries(Object.entries(PARAMS[source] ?? {}).map(([k, v]) => [k, v[0]])),
    report_id: undefined, title: draft.title });
  const save = () => {
    if (!draft.title.trim()) { setError(t("analytics.widget.titleRequired")); return; }
    if (draft.source === "report" && !draft.report_id) { setError(t("analytics.widget.reportRequired")); return; }
    const { report_id, ...rest } = draft;
    onSave(draft.source === "report" ? { ...rest, report_id } : rest);
  };
  return (
    <Modal open title={initial ? t("analytics.widget.edit") : t("analytics.widget.add")} onCancel={onClose}
      onOk={save} okText={t("analytics.widget.ok")} okButtonProps={{ "data-testid": "widget-ok" }}>
      <Form layout="vertical">
        <Form.Item label={t("analytics.widget.title")} required validateStatus={error && !draft.title.trim() ? "error" : ""}>
          <Input autoFocus value={draft.title} maxLength={200} data-testid="widget-title"
            onChange={(e) => { set({ title: e.target.value }); setError(null); }} />
        </Form.Item>
        <Form.Item label={t("analytics.widget.source")}>
          <Select value={draft.source} onChange={pickSource} data-testid="widget-source" showSearch optionFilterProp="label"
            options={SOURCES.map((s) => ({ value: s, label: t(`analytics.source.${s}`) }))} />
        </Form.Item>
        {draft.source === "report" && (
          <Form.Item label={t("analytics.widget.savedReport")} required
            help={reports.data?.items.length === 0 ? t("analytics.widget.noSavedReports") : undefined}>
            <Select value={draft.report_id} loading={reports.isLoading} onChange={(report_id) => set({ report_id })}
              showSearch optionFilterProp="label" data-testid="widget-report"
              options={(reports.data?.items ?? []).map((r) => ({ value: r.id, label: r.name }))} />
          </Form.Item>
        )}
        {Object.entries(PARAMS[draft.source] ?? {}).map(([name, choices]) => (
          <Form.Item key={name} label={t(`analytics.param.${name}`)}>
            <Select value={draft.params?.[name] ?? choices[0]} onChange={(v) => set({ params: { ...draft.params, [name]: v } })}
              options={choices.map((c) => ({ value: c, label: t(`analytics.choice.${c}`) }))} />
          </Form.Item>
        ))}
        <Form.Item label={t("analytics.widget.type")}>
          <Select value={draft.type} onChange={(type) => set({ type })} data-testid="widget-type"
            options={WIDGET_TYPES.map((w) => ({ value: w, label: t(`analytics.widgetType.${w}`) }))} />
        </Form.Item>
        <Form.Item label={t("analytics.widget.width")}>
          <Slider min={3} max={12} step={3} value={draft.w} onChange={(w) => set({ w })}
            marks={{ 3: "¼", 6: "½", 9: "¾", 12: "1" }} />
        </Form.Item>
        {error && <div role="alert" className="ant-form-item-explain-error">{error}</div>}
      </Form>
    </Modal>
  );
}
