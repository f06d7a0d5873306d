// The sales dashboard: forecast cards, funnel by stage, monthly trend, leaderboard and
// receivables by month — from /analytics/funnel, /analytics/forecast and /reports/run.
// Without the analytics API the funnel is derived from the pipeline board.
import { useMemo } from "react";
import { Alert, Card, Col, Empty, Row, Skeleton, Statistic, Table, Typography } from "antd";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { api } from "../api/client";
import { compactMoney, formatMoney } from "../lib/money";
import { loadBoard } from "../sales/kanbanData";
import { routeMissing } from "../shell/NotificationsBell";
import Chart from "./Chart";

interface FunnelStage { key: string; name: string; count: number; amount: string;
  conversion_rate?: number | string | null; kind?: string }
interface Figures { pipeline_amount?: string; weighted_amount: string; historical_amount: string;
  won_amount: string }
interface Forecast extends Figures {
  by_owner?: (Figures & { owner_id: string | null; name: string | null })[];
  by_month?: (Figures & { month: string })[];
}
interface ReportResult { rows: Record<string, unknown>[] }

async function loadFunnel(): Promise<FunnelStage[]> {
  try {
    return (await api<{ stages: FunnelStage[] }>("analytics/funnel")).stages;
  } catch (err) {
    if (!routeMissing(err)) throw err;
  }
  const board = await loadBoard(null);
  return board.columns.filter((c) => c.stage.kind !== "lost").map((c) => ({ key: c.stage.key,
    name: c.stage.name, count: c.count, amount: c.amount, kind: c.stage.kind }));
}

async function optional<T>(fn: () => Promise<T>): Promise<T | null> {
  try {
    return await fn();
  } catch (err) {
    if (routeMissing(err)) return null;
    throw err;
  }
}

const receivablesSpec = {
  object: "orders", group_by: ["ordered_on:month"], measures: [{ field: "receivable", agg: "sum" }],
  filters: { receivable__gt: "0", status__in: "submitted,approved,fulfilled" }, sort: "ordered_on:month",
};

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
  const receivables = useQuery({ queryKey: ["analytics", "receivables"],
    queryFn: () => optional(() => api<ReportResult>("reports/run", { body: receivablesSpec })) });
  const money = (v: number) => compactMoney(String(v), lang);

  const funnelOption = useMemo(() => ({
    tooltip: { trigger: "item", formatter: (p: { name: string; value: number; data: { amount: string } }) =>
      `${p.name}: ${p.value} · ${formatMoney(p.data.amount)}` },
    series: [{ type: "funnel", sort: "none", left: "5%", width: "90%", minSize: "25%",
      label: { position: "inside", formatter: "{b}: {c}", color: "#fff" },
      data: (funnel.data ?? []).filter((s) => s.kind !== "lost").map((s) => ({ name: s.name, value: s.count, amount: s.amount })) }],
  }), [funnel.data]);
  const months = forecast.data?.by_month ?? [];
  const trendOption = useMemo(() => ({
    tooltip: { trigger: "axis" }, legend: { bottom: 0 },
    grid: { left: 60, right: 16, top: 16, bottom: 48 },
    xAxis: { type: "category", data: months.map((m) => m.month) },
    yAxis: { type: "value", axisLabel: { formatter: money } },
    series: [
      { name: t("dashboard.won"), type: "bar", data: months.map((m) => Number(m.won_amount)) },
      { name: t("dashboard.weighted"), type: "line", data: months.map((m) => Number(m.weighted_amount)) },
    ],
  }), [months, t, lang]); // eslint-disable-line react-hooks/exhaustive-deps
  const owners = (forecast.data?.by_owner ?? []).slice(0, 10).reverse();
  const leaderOption = useMemo(() => ({
    tooltip: { trigger: "axis" }, legend: { bottom: 0 },
    grid: { left: 90, right: 24, top: 8, bottom: 48 },
    yAxis: { type: "category", data: owners.map((o) => o.name ?? "—") },
    xAxis: { type: "value", axisLabel: { formatter: money } },
    series: [
      { name: t("dashboard.won"), type: "bar", stack: "a", data: owners.map((o) => Number(o.won_amount)) },
      { name: t("dashboard.historical"), type: "bar", stack: "a",
        data: owners.map((o) => Number(o.historical_amount)) },
    ],
  }), [owners, t, lang]); // eslint-disable-line react-hooks/exhaustive-deps
  const ageRows = receivables.data?.rows ?? [];
  const ageOption = useMemo(() => {
    const keys = Object.keys(ageRows[0] ?? {});
    const label = keys.find((k) => k.startsWith("g")) ?? keys[0];
    const value = keys.find((k) => k !== label && !k.endsWith("_label")) ?? keys[1];
    return {
      tooltip: { trigger: "axis" }, grid: { left: 60, right: 16, top: 16, bottom: 32 },
      xAxis: { type: "category", data: ageRows.map((r) => String(r[label] ?? "—")) },
      yAxis: { type: "value", axisLabel: { formatter: money } },
      series: [{ type: "bar", itemStyle: { color: "#fa8c16" }, data: ageRows.map((r) => Number(r[value])) }],
    };
  }, [ageRows, lang]); // eslint-disable-line react-hooks/exhaustive-deps

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
        <div className="actions"><Link to="/analytics/reports">{t("reports.title")}</Link></div>
      </div>
      <div className="stat-cards">
        {!f && <Card size="small"><Statistic title={t("dashboard.openDeals")}
          value={(funnel.data ?? []).filter((s) => s.kind !== "won").reduce((n, s) => n + Number(s.count), 0)} /></Card>}
        {f && <>
          {f.pipeline_amount && <Card size="small"><Statistic title={t("dashboard.pipeline")}
            value={formatMoney(f.pipeline_amount)} /></Card>}
          <Card size="small"><Statistic title={t("dashboard.weighted")} value={formatMoney(f.weighted_amount)} /></Card>
          <Card size="small"><Statistic title={t("dashboard.historical")} value={formatMoney(f.historical_amount)} /></Card>
          <Card size="small"><Statistic title={t("dashboard.won")} value={formatMoney(f.won_amount)} /></Card>
        </>}
      </div>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>{chartCard(t("dashboard.funnel"), !!funnel.data?.length,
          <Chart option={funnelOption} testId="funnel-chart" />)}</Col>
        <Col xs={24} lg={12}>{chartCard(t("dashboard.trend"), months.length > 0,
          <Chart option={trendOption} testId="trend-chart" />)}</Col>
        <Col xs={24} lg={12}>{chartCard(t("dashboard.leaderboard"), owners.length > 0,
          <Chart option={leaderOption} testId="leaderboard-chart" />)}</Col>
        <Col xs={24} lg={12}>{chartCard(t("dashboard.receivables"), ageRows.length > 0,
          <Chart option={ageOption} testId="receivables-chart" />)}</Col>
        <Col xs={24}>
          <Card title={t("dashboard.stageTable")} size="small">
            <Table size="small" rowKey="key" pagination={false} dataSource={funnel.data ?? []}
              scroll={{ x: "max-content" }} columns={[
                { key: "name", dataIndex: "name", title: t("dashboard.stage") },
                { key: "count", dataIndex: "count", title: t("dashboard.count"), align: "right" },
                { key: "amount", title: t("dashboard.amount"), align: "right",
                  render: (_, s) => <span className="money">{formatMoney(s.amount)}</span> },
                { key: "rate", title: t("dashboard.conversion"), align: "right",
                  render: (_, s) => percent(s.conversion_rate) },
              ]} />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
