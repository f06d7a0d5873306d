// The sales dashboard: forecast cards, funnel by stage, monthly trend, the targets gauge
// and leaderboard, revenue of the last twelve months and receivables ageing — from
// /analytics/funnel, /forecast, /targets, /leaderboard, /revenue, /payments, /receivables.
// Without the analytics API the funnel is derived from the pipeline board.
import { useMemo } from "react";
import { Alert, Card, Col, Empty, Row, Skeleton, Space, Statistic, Table, Typography } from "antd";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { api } from "../api/client";
import { compactMoney, formatMoney } from "../lib/money";
import { MoneyOrWithheld, moneyStatistic } from "../shell/Withheld";
import { loadBoard } from "../sales/kanbanData";
import { routeMissing } from "../shell/NotificationsBell";
import Chart from "./Chart";
import type { CurrencyBlock } from "./currency";
import { DEFAULT_CURRENCY, currencyOf, mergeCurrency } from "./currency";
import CurrencyNotice, { AmountsIn } from "./CurrencyNotice";
import FiguresView from "./FiguresView";
import type { Figures as ChartFigures } from "./figures";
import { widgetFigures } from "./figures";
import type { AttainmentData, LeaderboardData } from "./TargetCards";
import { Leaderboard, TargetGauge } from "./TargetCards";

// Money figures are null when withheld (they sum a field the user may not read).
interface FunnelStage { key: string; name: string; count: number; amount: string | null;
  conversion_rate?: number | string | null; kind?: string }
interface Figures { pipeline_amount?: string | null; weighted_amount: string | null;
  historical_amount: string | null; won_amount: string | null }
interface Forecast extends Figures {
  by_owner?: (Figures & { owner_id: string | null; name: string | null })[];
  by_month?: (Figures & { month: string })[];
}
interface Revenue { rows: { key: string; label: string; amount: string }[] }
interface Ageing { buckets: { bucket: string; count: number; amount: string }[]; total: string }

interface Funnel { stages: FunnelStage[]; currency?: CurrencyBlock }

async function loadFunnel(): Promise<Funnel> {
  try {
    return await api<Funnel>("analytics/funnel");
  } catch (err) {
    if (!routeMissing(err)) throw err;
  }
  const board = await loadBoard(null);
  return { stages: board.columns.filter((c) => c.stage.kind !== "lost").map((c) => ({ key: c.stage.key,
    name: c.stage.name, count: c.count, amount: c.amount, kind: c.stage.kind })) };
}

async function optional<T>(fn: () => Promise<T>): Promise<T | null> {
  try {
    return await fn();
  } catch (err) {
    if (routeMissing(err)) return null;
    throw err;
  }
}

/** Won and paid by month on one axis of months (either may lack a month). */
function revenueFigures(won: Revenue | null | undefined, paid: Revenue | null | undefined,
  t: (k: string) => string): ChartFigures {
  const months = [...new Set([...(won?.rows ?? []), ...(paid?.rows ?? [])].map((r) => r.key))].sort();
  const pick = (r: Revenue | null | undefined) => months.map((m) => r?.rows.find((x) => x.key === m)?.amount ?? "0");
  return { categories: months, series: [{ name: t("analytics.series.won"), values: pick(won), money: true },
    { name: t("analytics.series.paid"), values: pick(paid), money: true }] };
}

export function percent(rate: number | string | null | undefined): string {
  if (rate === null || rate === undefined || rate === "") return "—";
  const n = Number(rate);
  return `${(n <= 1 ? n * 100 : n).toFixed(1)}%`;
}

export default function Dashboard() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const funnel = useQuery({ queryKey: ["analytics", "funnel"], queryFn: loadFunnel });
  const forecast = useQuery({ queryKey: ["analytics", "forecast"],
    queryFn: () => optional(() => api<Forecast>("analytics/forecast")) });
  const ageing = useQuery({ queryKey: ["analytics", "receivables"],
    queryFn: () => optional(() => api<Ageing>("analytics/receivables")) });
  const won = useQuery({ queryKey: ["analytics", "revenue", "month"],
    queryFn: () => optional(() => api<Revenue>("analytics/revenue", { query: { by: "month" } })) });
  const paid = useQuery({ queryKey: ["analytics", "payments", "month"],
    queryFn: () => optional(() => api<Revenue>("analytics/payments", { query: { by: "month" } })) });
  const targets = useQuery({ queryKey: ["analytics", "targets", "current_month", "won_amount"],
    queryFn: () => optional(() => api<AttainmentData>("analytics/targets", { query: { period: "current_month" } })) });
  const board = useQuery({ queryKey: ["analytics", "leaderboard", "current_month", "won_amount", "actual"],
    queryFn: () => optional(() => api<LeaderboardData>("analytics/leaderboard", { query: { period: "current_month" } })) });
  const money = (v: number) => compactMoney(String(v), lang);
  const stages = useMemo(() => funnel.data?.stages ?? [], [funnel.data]);
  // One notice for the whole page: every currency any of its figures left out.
  const currency = mergeCurrency([funnel.data, forecast.data, ageing.data, won.data, paid.data, targets.data,
    board.data].map(currencyOf));
  const code = currency?.code ?? DEFAULT_CURRENCY;
  const full = (v: string | null | undefined) => <MoneyOrWithheld value={v} format={(x) => formatMoney(x, code)} />;
  const chartValue = (v: string | null) => (v === null ? null : Number(v));

  const funnelOption = useMemo(() => ({
    tooltip: { trigger: "item", formatter: (p: { name: string; value: number; data: { amount: string | null } }) =>
      `${p.name}: ${p.value} · ${p.data.amount === null ? "—" : formatMoney(p.data.amount, code)}` },
    series: [{ type: "funnel", sort: "none", left: "5%", width: "90%", minSize: "25%",
      label: { position: "inside", formatter: "{b}: {c}", color: "#fff" },
      data: stages.filter((s) => s.kind !== "lost").map((s) => ({ name: s.name, value: s.count, amount: s.amount })) }],
  }), [stages, code]);
  const months = forecast.data?.by_month ?? [];
  const trendOption = useMemo(() => ({
    tooltip: { trigger: "axis" }, legend: { bottom: 0 },
    grid: { left: 60, right: 16, top: 16, bottom: 48 },
    xAxis: { type: "category", data: months.map((m) => m.month) },
    yAxis: { type: "value", axisLabel: { formatter: money } },
    series: [
      { name: t("dashboard.won"), type: "bar", data: months.map((m) => chartValue(m.won_amount)) },
      { name: t("dashboard.weighted"), type: "line", data: months.map((m) => chartValue(m.weighted_amount)) },
    ],
  }), [months, t, lang]); // eslint-disable-line react-hooks/exhaustive-deps
  const revenue = useMemo(() => revenueFigures(won.data, paid.data, t), [won.data, paid.data, t]);
  const ageFigures = useMemo(() => ageing.data ? widgetFigures("receivables", ageing.data as unknown as Record<string, unknown>, t)
    : null, [ageing.data, t]);

  if (funnel.isLoading) return <Skeleton active paragraph={{ rows: 12 }} />;
  if (funnel.error) return <Alert type="error" showIcon message={t("error.loadFailed")}
    description={(funnel.error as Error).message} />;
  const f = forecast.data;
  const chartCard = (title: string, has: boolean, chart: React.ReactNode) => (
    <Card title={title} size="small">{has ? chart : <Empty description={t("dashboard.noData")} />}</Card>
  );
  return (
    <div data-testid="dashboard">
      <div className="page-header">
        <Typography.Title level={3}>{t("dashboard.title")}</Typography.Title>
        <Space wrap className="actions">
          <Link to="/analytics/forecast">{t("analytics.forecast.title")}</Link>
          <Link to="/analytics/targets">{t("analytics.targets.title")}</Link>
          <Link to="/analytics/dashboards">{t("analytics.dashboards.title")}</Link>
          <Link to="/analytics/reports">{t("reports.title")}</Link>
          <AmountsIn code={code} />
        </Space>
      </div>
      <CurrencyNotice currency={currency} />
      <div className="stat-cards">
        {!f && <Card size="small"><Statistic title={t("dashboard.openDeals")}
          value={stages.filter((s) => s.kind !== "won").reduce((n, s) => n + Number(s.count), 0)} /></Card>}
        {f && <>
          {f.pipeline_amount !== undefined && <Card size="small"><Statistic title={t("dashboard.pipeline")}
            {...moneyStatistic(f.pipeline_amount, (x) => formatMoney(x, code))} /></Card>}
          <Card size="small"><Statistic title={t("dashboard.weighted")} {...moneyStatistic(f.weighted_amount, (x) => formatMoney(x, code))} /></Card>
          <Card size="small"><Statistic title={t("dashboard.historical")} {...moneyStatistic(f.historical_amount, (x) => formatMoney(x, code))} /></Card>
          <Card size="small"><Statistic title={t("dashboard.won")} {...moneyStatistic(f.won_amount, (x) => formatMoney(x, code))} /></Card>
        </>}
      </div>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>{chartCard(t("dashboard.funnel"), stages.length > 0,
          <Chart option={funnelOption} testId="funnel-chart" />)}</Col>
        <Col xs={24} lg={12}>{chartCard(t("dashboard.trend"), months.length > 0,
          <Chart option={trendOption} testId="trend-chart" />)}</Col>
        <Col xs={24} md={12} lg={8}>
          <Card title={t("analytics.targets.gaugeTitle")} size="small"
            extra={<Link to="/analytics/targets">{t("analytics.targets.manage")}</Link>}>
            {targets.data ? <TargetGauge data={targets.data} /> : targets.isLoading
              ? <Skeleton active /> : <Empty description={t("dashboard.noData")} />}
          </Card>
        </Col>
        <Col xs={24} md={12} lg={8}>
          <Card title={t("dashboard.leaderboard")} size="small">
            {board.data ? <Leaderboard data={board.data} limit={6} /> : board.isLoading
              ? <Skeleton active /> : <Empty description={t("dashboard.noData")} />}
          </Card>
        </Col>
        <Col xs={24} lg={8}>{chartCard(t("analytics.ageingTitle"), !!ageFigures?.categories.length && ageing.data?.total !== "0.00",
          ageFigures && <FiguresView type="bar" figures={{ ...ageFigures, series: ageFigures.series.slice(0, 1) }}
            testId="receivables-chart" currency={code} />)}</Col>
        <Col xs={24}>{chartCard(t("analytics.revenueTitle"), revenue.categories.length > 0,
          <FiguresView type="line" figures={revenue} testId="revenue-chart" currency={code} />)}</Col>
        <Col xs={24}>
          <Card title={t("dashboard.stageTable")} size="small">
            <Table size="small" rowKey="key" pagination={false} dataSource={stages}
              scroll={{ x: "max-content" }} columns={[
                { key: "name", dataIndex: "name", title: t("dashboard.stage") },
                { key: "count", dataIndex: "count", title: t("dashboard.count"), align: "right" },
                { key: "amount", title: t("dashboard.amount"), align: "right",
                  render: (_, s) => <span className="money">{full(s.amount)}</span> },
                { key: "rate", title: t("dashboard.conversion"), align: "right",
                  render: (_, s) => percent(s.conversion_rate) },
              ]} />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
