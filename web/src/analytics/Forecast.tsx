// The forecast of a month or quarter (GET /analytics/forecast?from&to): weighted,
// historical, won, commit and best case; the rates by stage (saying where history was
// too thin and the stage probability stood in); by rep, department and month.
import { useMemo, useState } from "react";
import { Alert, Card, Col, Row, Skeleton, Space, Statistic, Table, Tabs, Tag, Tooltip,
  Typography } from "antd";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api } from "../api/client";
import { formatMoney } from "../lib/money";
import { MoneyOrWithheld, moneyStatistic } from "../shell/Withheld";
import type { CurrencyBlock } from "./currency";
import { DEFAULT_CURRENCY } from "./currency";
import CurrencyNotice, { AmountsIn } from "./CurrencyNotice";
import FiguresView from "./FiguresView";
import type { Figures } from "./figures";
import PeriodPicker, { usePeriod } from "./PeriodPicker";
import { periodBounds } from "./periods";

const FIGURES = ["pipeline_amount", "weighted_amount", "historical_amount", "won_amount", "commit_amount",
  "best_case_amount"] as const;
// null: withheld (the user may not read deals' amounts)
type Amounts = Record<(typeof FIGURES)[number], string | null>;
interface Stage extends Partial<Amounts> { pipeline_id: string; key: string; name: string; stage_probability: number;
  historical_rate: number | null; rate_source: "history" | "stage_probability"; note?: string;
  closing_deals?: number }
interface ForecastData extends Amounts { period: { from: string; to: string }; min_sample: number;
  window_days: number; by_stage: Stage[]; currency?: CurrencyBlock;
  by_owner: (Amounts & { owner_id: string | null; name: string | null })[];
  by_department: (Amounts & { department_id: string; name: string })[];
  by_month: (Amounts & { month: string })[] }

type Row = Amounts & { key: string; name: string };

export default function Forecast() {
  const { t } = useTranslation();
  const picker = usePeriod("quarter");
  const { period } = picker;
  const bounds = periodBounds(period);
  const q = useQuery({ queryKey: ["analytics", "forecast", bounds.from, bounds.to],
    queryFn: () => api<ForecastData>("analytics/forecast", { query: bounds }) });
  const f = q.data;
  const thin = (f?.by_stage ?? []).filter((s) => s.rate_source === "stage_probability");
  const code = f?.currency?.code ?? DEFAULT_CURRENCY;
  return (
    <div data-testid="forecast">
      <div className="page-header">
        <Typography.Title level={3}>{t("analytics.forecast.title")}</Typography.Title>
        <Space wrap className="actions">
          <PeriodPicker {...picker} testId="forecast-period" />
          {f && <AmountsIn code={code} />}
        </Space>
      </div>
      {q.isLoading && <Skeleton active paragraph={{ rows: 10 }} />}
      {q.error && <Alert type="error" showIcon message={t("analytics.loadFailed")}
        description={(q.error as Error).message} />}
      {f && <>
        <CurrencyNotice currency={f.currency} />
        <div className="stat-cards">
          {FIGURES.map((k) => (
            <Card size="small" key={k}>
              <Tooltip title={t(`analytics.forecast.help.${k}`)}>
                <Statistic title={t(`analytics.forecast.${k}`)}
                  {...moneyStatistic(f[k], (v) => formatMoney(v, code))} />
              </Tooltip>
            </Card>
          ))}
        </div>
        {thin.length > 0 && <Alert type="info" showIcon style={{ marginBottom: 16 }} data-testid="forecast-thin"
          message={t("analytics.forecast.thinTitle", { stages: thin.map((s) => s.name).join(", ") })}
          description={thin[0].note ?? t("analytics.forecast.thinHelp", { min: f.min_sample, days: f.window_days })} />}
        <Card size="small" title={t("analytics.forecast.byStage")} style={{ marginBottom: 16 }}>
          <Table<Stage> size="small" rowKey={(s) => `${s.pipeline_id}:${s.key}`} pagination={false}
            scroll={{ x: "max-content" }} dataSource={f.by_stage} columns={[
              { key: "n", title: t("dashboard.stage"), dataIndex: "name" },
              { key: "p", title: t("analytics.forecast.stageProbability"), align: "right",
                render: (_, s) => `${s.stage_probability}%` },
              { key: "r", title: t("analytics.forecast.historicalRate"), align: "right",
                render: (_, s) => s.historical_rate === null ? "—" : `${(s.historical_rate * 100).toFixed(1)}%` },
              { key: "s", title: t("analytics.forecast.rateSource"), render: (_, s) => s.rate_source === "history"
                ? <Tag color="green">{t("analytics.forecast.fromHistory")}</Tag>
                : <Tooltip title={s.note}><Tag color="orange">{t("analytics.forecast.fromStage")}</Tag></Tooltip> },
              { key: "w", title: t("analytics.forecast.weighted_amount"), align: "right",
                render: (_, s) => <MoneyOrWithheld value={s.weighted_amount} format={(v) => formatMoney(v, code)} /> },
              { key: "h", title: t("analytics.forecast.historical_amount"), align: "right",
                render: (_, s) => <MoneyOrWithheld value={s.historical_amount} format={(v) => formatMoney(v, code)} /> },
            ]} />
        </Card>
        <Breakdown f={f} />
      </>}
    </div>
  );
}

function Breakdown({ f }: { f: ForecastData }) {
  const { t } = useTranslation();
  const [by, setBy] = useState("owner");
  const code = f.currency?.code ?? DEFAULT_CURRENCY;
  const rows: Row[] = useMemo(() => by === "owner"
    ? f.by_owner.map((r) => ({ ...r, key: r.owner_id ?? "-", name: r.name ?? t("analytics.nobody") }))
    : by === "department" ? f.by_department.map((r) => ({ ...r, key: r.department_id, name: r.name }))
      : f.by_month.map((r) => ({ ...r, key: r.month, name: r.month })), [by, f, t]);
  const figures: Figures = useMemo(() => ({ categories: rows.map((r) => r.name),
    series: (["won_amount", "weighted_amount", "historical_amount"] as const).map((k) => ({
      name: t(`analytics.forecast.${k}`), values: rows.map((r) => r[k]), money: true })) }), [rows, t]);
  const money = (k: (typeof FIGURES)[number]) => ({ key: k, title: t(`analytics.forecast.${k}`), align: "right" as const,
    render: (_: unknown, r: Row) => <MoneyOrWithheld value={r[k]} format={(v) => formatMoney(v, code)} /> });
  return (
    <Card size="small" title={t("analytics.forecast.breakdown")}>
      <Tabs activeKey={by} onChange={setBy} items={["owner", "department", "month"].map((k) => ({
        key: k, label: t(`analytics.forecast.by.${k}`) }))} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <FiguresView type="bar" figures={figures} height={Math.max(260, rows.length * 28)} testId="forecast-chart" />
        </Col>
        <Col xs={24} xl={14}>
          <Table<Row> size="small" rowKey="key" pagination={false} scroll={{ x: "max-content" }} dataSource={rows}
            data-testid="forecast-table" columns={[{ key: "name", title: t(`analytics.forecast.by.${by}`), dataIndex: "name" },
              ...FIGURES.map(money)]} />
        </Col>
      </Row>
    </Card>
  );
}
