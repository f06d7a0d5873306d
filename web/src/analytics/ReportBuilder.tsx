// The report builder: any object, up to three groupings (dates by day…year), measures,
// list filters; shown as a table or a chart, exported as CSV/XLSX (POST /reports/run|export).
import { useMemo, useState } from "react";
import { Alert, App, Button, Card, Dropdown, Empty, Form, Segmented, Select, Space, Table,
  Typography } from "antd";
import { DeleteOutlined, DownloadOutlined, PlusOutlined, SaveOutlined } from "@ant-design/icons";
import { useMutation } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { ApiError, api, download } from "../api/client";
import { labelOf, useObjects } from "../api/meta";
import type { ObjectMeta } from "../api/meta";
import { formatMoney } from "../lib/money";
import { optionLabel } from "../records/options";
import { ActiveFilters, FilterButton } from "../records/FilterBar";
import type { Filter } from "../records/views";
import { filtersToQuery } from "../records/views";
import Chart from "./Chart";
import type { CurrencyBlock } from "./currency";
import CurrencyNotice, { AmountsIn } from "./CurrencyNotice";
import SaveReportDialog from "./SaveReportDialog";

interface Column { key: string; label: string; kind: "group" | "measure"; type: string }
interface Result { columns: Column[]; rows: Record<string, unknown>[]; truncated?: boolean; notice?: string;
  currency?: CurrencyBlock }
interface Measure { field: string | null; agg: string }

const BUCKETS = ["day", "week", "month", "quarter", "year"];
const AGGS = ["count", "sum", "avg", "min", "max"];
const NUMERIC = new Set(["money", "number", "integer"]);

export default function ReportBuilder() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { data: objects = [] } = useObjects();
  const [object, setObject] = useState("opportunities");
  const [groups, setGroups] = useState<string[]>(["stage"]);
  const [measures, setMeasures] = useState<Measure[]>([{ field: null, agg: "count" },
    { field: "amount", agg: "sum" }]);
  const [filters, setFilters] = useState<Filter[]>([]);
  const [view, setView] = useState<"table" | "chart">("table");
  const [saving, setSaving] = useState(false);
  const obj = objects.find((o) => o.api_name === object);
  const spec = { object, group_by: groups.filter(Boolean), filters: filtersToQuery(filters),
    measures: measures.map((m) => (m.field ? m : { agg: "count" })) };
  const run = useMutation({ mutationFn: () => api<Result>("reports/run", { body: spec }) });
  const result = run.data;

  const pickObject = (name: string) => {
    const o = objects.find((x) => x.api_name === name);
    setObject(name);
    setGroups([o?.fields.find((f) => f.type === "picklist")?.api_name ?? "created_at:month"]);
    setMeasures([{ field: null, agg: "count" }]);
    setFilters([]);
    run.reset();
  };
  const exportAs = async (format: string) => {
    try {
      await download("reports/export", { format }, `report.${format}`, spec);
    } catch (err) {
      message.error((err as Error).message);
    }
  };
  const fieldErrors = run.error instanceof ApiError ? run.error.fieldErrors : {};

  return (
    <div data-testid="report-builder">
      <div className="page-header">
        <Typography.Title level={3}>{t("reports.title")}</Typography.Title>
      </div>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form layout="vertical">
          <Space wrap align="start">
            <Form.Item label={t("reports.object")}>
              <Select style={{ width: 200 }} value={object} onChange={pickObject} showSearch optionFilterProp="label"
                options={objects.map((o) => ({ value: o.api_name, label: labelOf(o, i18n.language) }))} />
            </Form.Item>
            {obj && <GroupPicker obj={obj} groups={groups} onChange={setGroups} errors={fieldErrors} />}
          </Space>
          {obj && <div><MeasurePicker obj={obj} measures={measures} onChange={setMeasures} /></div>}
          {obj && <div><Space style={{ marginTop: 12 }} wrap>
            <FilterButton obj={obj} filters={filters} onChange={setFilters} />
            <Button type="primary" onClick={() => run.mutate()} loading={run.isPending}
              data-testid="report-run">{t("reports.run")}</Button>
            <Dropdown menu={{ items: [{ key: "csv", label: "CSV" }, { key: "xlsx", label: "Excel (xlsx)" }],
              onClick: ({ key }) => void exportAs(key) }}>
              <Button icon={<DownloadOutlined />}>{t("list.export")}</Button>
            </Dropdown>
            <Button icon={<SaveOutlined />} onClick={() => setSaving(true)} data-testid="report-save">
              {t("analytics.reportSave.button")}</Button>
          </Space></div>}
          {obj && <div style={{ marginTop: 8 }}><ActiveFilters obj={obj} filters={filters} onChange={setFilters} /></div>}
        </Form>
      </Card>
      {run.error && <Alert type="error" showIcon message={(run.error as Error).message} style={{ marginBottom: 12 }}
        description={Object.entries(fieldErrors).map(([k, m]) => <div key={k}>{m}</div>)} />}
      {result && <CurrencyNotice currency={result.currency} />}
      {result && (
        <Card size="small" extra={<Space wrap>
          <AmountsIn code={result.currency?.code} />
          <Segmented value={view} onChange={(v) => setView(v as "table" | "chart")}
            options={[{ value: "table", label: t("reports.table") }, { value: "chart", label: t("reports.chart") }]} />
        </Space>}
          title={result.notice ?? t("reports.rows", { count: result.rows.length })}>
          {result.rows.length === 0 ? <Empty description={t("dashboard.noData")} />
            : view === "table" ? <ResultTable result={result} obj={obj} /> : <ResultChart result={result} obj={obj} />}
        </Card>
      )}
      {saving && <SaveReportDialog spec={spec} view={view} onClose={() => setSaving(false)} />}
    </div>
  );
}

function GroupPicker({ obj, groups, onChange, errors }: { obj: ObjectMeta; groups: string[];
  onChange: (g: string[]) => void; errors: Record<string, string> }) {
  const { t } = useTranslation();
  const groupable = obj.fields.filter((f) => !["json", "textarea", "multi_picklist"].includes(f.type)
    && f.permission !== "hidden" && f.api_name !== "id" && f.api_name !== "version");
  const set = (i: number, v: string) => onChange(groups.map((g, j) => (j === i ? v : g)));
  return (
    <>
      {groups.map((g, i) => {
        const [name, bucket] = g.split(":");
        const f = groupable.find((x) => x.api_name === name);
        const isDate = f?.type === "date" || f?.type === "datetime";
        return (
          <Form.Item key={i} label={t("reports.groupBy", { n: i + 1 })} validateStatus={errors[`group_by.${i}`] ? "error" : ""}
            help={errors[`group_by.${i}`]}>
            <Space.Compact>
              <Select style={{ width: 160 }} value={name} showSearch optionFilterProp="label"
                onChange={(v) => {
                  const nf = groupable.find((x) => x.api_name === v);
                  set(i, nf && (nf.type === "date" || nf.type === "datetime") ? `${v}:month` : v);
                }}
                options={groupable.map((x) => ({ value: x.api_name, label: x.label }))} />
              {isDate && <Select style={{ width: 100 }} value={bucket ?? "month"} onChange={(b) => set(i, `${name}:${b}`)}
                options={BUCKETS.map((b) => ({ value: b, label: t(`reports.bucket.${b}`) }))} />}
              <Button icon={<DeleteOutlined />} aria-label={t("common.remove")}
                onClick={() => onChange(groups.filter((_, j) => j !== i))} />
            </Space.Compact>
          </Form.Item>
        );
      })}
      {groups.length < 3 && <Form.Item label={<span aria-hidden>&nbsp;</span>}>
        <Button icon={<PlusOutlined />} onClick={() => onChange([...groups, groupable[0]?.api_name ?? "id"])}>
          {t("reports.addGroup")}</Button></Form.Item>}
    </>
  );
}

function MeasurePicker({ obj, measures, onChange }: { obj: ObjectMeta; measures: Measure[];
  onChange: (m: Measure[]) => void }) {
  const { t } = useTranslation();
  const numeric = obj.fields.filter((f) => NUMERIC.has(f.type) && f.permission !== "hidden");
  const set = (i: number, patch: Partial<Measure>) => onChange(measures.map((m, j) => (j === i ? { ...m, ...patch } : m)));
  return (
    <Space wrap>
      <Typography.Text type="secondary">{t("reports.measures")}:</Typography.Text>
      {measures.map((m, i) => (
        <Space.Compact key={i}>
          <Select style={{ width: 100 }} value={m.field ? m.agg : "count"}
            onChange={(agg) => set(i, agg === "count" ? { agg, field: null } : { agg, field: m.field ?? numeric[0]?.api_name ?? null })}
            options={AGGS.filter((a) => a === "count" || numeric.length).map((a) => ({ value: a, label: t(`reports.agg.${a}`) }))} />
          {m.field && <Select style={{ width: 160 }} value={m.field} onChange={(field) => set(i, { field })}
            options={numeric.map((f) => ({ value: f.api_name, label: f.label }))} />}
          <Button icon={<DeleteOutlined />} aria-label={t("common.remove")} disabled={measures.length === 1}
            onClick={() => onChange(measures.filter((_, j) => j !== i))} />
        </Space.Compact>
      ))}
      <Button icon={<PlusOutlined />} onClick={() => onChange([...measures, { field: null, agg: "count" }])}>
        {t("reports.addMeasure")}</Button>
    </Space>
  );
}

type Label = (c: Column, r: Record<string, unknown>) => string;

/** A cell as people read it: the server's label (lookups, deal stages), a picklist's
 * translated option, yes/no, money formatted — never a raw key. */
function useCell(obj: ObjectMeta | undefined, currency?: string): Label {
  const { t, i18n } = useTranslation();
  return (c, r) => {
    const v = r[`${c.key}_label`] ?? r[c.key];
    if (v === null || v === undefined) return "—";
    const f = c.kind === "group" && !c.key.includes(":") ? obj?.fields.find((x) => x.api_name === c.key) : undefined;
    if (f?.type === "picklist") return optionLabel(t, f, String(v), i18n.language);
    if (typeof v === "boolean") return v ? t("common.yes") : t("common.no");
    return c.type === "money" ? formatMoney(String(v), currency) : String(v);
  };
}

function ResultTable({ result, obj }: { result: Result; obj?: ObjectMeta }) {
  const cell = useCell(obj, result.currency?.code);
  return <Table size="small" rowKey={(_, i) => String(i)} dataSource={result.rows} pagination={{ pageSize: 50 }}
    scroll={{ x: "max-content" }} data-testid="report-table"
    columns={result.columns.map((c) => ({ key: c.key, title: c.label, align: c.kind === "measure" ? "right" : "left",
      render: (_: unknown, r: Record<string, unknown>) => cell(c, r) }))} />;
}

function ResultChart({ result, obj }: { result: Result; obj?: ObjectMeta }) {
  const cell = useCell(obj, result.currency?.code);
  const option = useMemo(() => {
    const groups = result.columns.filter((c) => c.kind === "group");
    const series = result.columns.filter((c) => c.kind === "measure");
    return {
      tooltip: { trigger: "axis" }, legend: { bottom: 0 }, grid: { left: 60, right: 16, top: 16, bottom: 56 },
      xAxis: { type: "category", data: result.rows.map((r) => groups.map((g) => cell(g, r)).join(" · ")) },
      yAxis: series.map((_, i) => ({ type: "value", show: i < 2 })),
      series: series.map((s, i) => ({ name: s.label, type: "bar", yAxisIndex: Math.min(i, 1),
        data: result.rows.map((r) => Number(r[s.key] ?? 0)) })),
    };
  }, [result]); // eslint-disable-line react-hooks/exhaustive-deps
  return <Chart option={option} height={360} testId="report-chart" />;
}
