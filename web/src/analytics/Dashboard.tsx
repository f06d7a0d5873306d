// The sales dashboard: funnel by stage, forecast, and what the pipeline holds.
// Uses /analytics/* when the server has them; else derives the funnel from the board.
import { useMemo } from "react";
import { Alert, Card, Col, Empty, Row, Skeleton, Statistic, Table, Typography } from "antd";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api } from "../api/client";
import { compactMoney, formatMoney } from "../lib/money";
import { loadBoard } from "../sales/kanbanData";
import { routeMissing } from "../shell/NotificationsBell";
import Chart from "./Chart";

interface FunnelStage { key: string; name: string; count: number; amount: string; conversion_rate?: number | string }
interface Forecast { weighted_amount: string; historical_amount: string; won_amount: string;
  by_stage?: { key?: string; stage?: string; name?: string; amount?: string; weighted_amount?: string }[] }

async function loadFunnel(): Promise<FunnelStage[]> {
  try {
    return (await api<{ stages: FunnelStage[] }>("analytics/funnel")).stages;
  } catch (err) {
    if (!routeMissing(err)) throw err;
  }
  const board = await loadBoard(null);
  return board.columns.filter((c) => c.stage.kind !== "lost").map((c) => ({ key: c.stage.key,
    name: c.stage.name, count: c.count, amount: c.amount }));
}

async function loadForecast(): Promise<Forecast | null> {
  try {
    return await api<Forecast>("analytics/forecast");
  } catch (err) {
    if (routeMissing(err)) return null;
    throw err;
  }
}

export default function Dashboard() {
  const { t, i18n } = useTranslation();
  const funnel = useQuery({ queryKey: ["analytics", "funnel"], queryFn: loadFunnel });
  const forecast = useQuery({ queryKey: ["analytics", "forecast"], queryFn: loadForecast });
  const lang = i18n.language;
  const funnelOption = useMemo(() => ({
    tooltip: { trigger: "item", formatter: (p: { name: string; value: number; data: { amount: string } }) =>
      `${p.name}: ${p.value} · ${formatMoney(p.data.amount)}` },
    series: [{ type: "funnel", sort: "none", left: "10%", width: "80%", minSize: "20%",
      label: { formatter: "{b}: {c}" },
      data: (funnel.data ?? []).map((s) => ({ name: s.name, value: s.count, amount: s.amount })) }],
  }), [funnel.data]);
  const amountOption = useMemo(() => ({
    tooltip: { trigger: "axis" },
    grid: { left: 60, right: 16, top: 16, bottom: 40 },
    xAxis: { type: "category", data: (funnel.data ?? []).map((s) => s.name), axisLabel: { interval: 0, rotate: 20 } },
    yAxis: { type: "value", axisLabel: { formatter: (v: number) => compactMoney(String(v), lang) } },
    series: [{ type: "bar", data: (funnel.data ?? []).map((s) => Number(s.amount)), itemStyle: { color: "#1677ff" } }],
  }), [funnel.data, lang]);

  if (funnel.isLoading) return <Skeleton active paragraph={{ rows: 12 }} />;
  if (funnel.error) return <Alert type="error" showIcon message={t("error.loadFailed")}
    description={(funnel.error as Error).message} />;
  const f = forecast.data;
  return (
    <div data-testid="dashboard">
      <div className="page-header"><Typography.Title level={3}>{t("dashboard.title")}</Typography.Title></div>
      <div className="stat-cards">
        <Card size="small"><Statistic title={t("dashboard.openDeals")}
          value={(funnel.data ?? []).filter((s) => s.key !== "won").reduce((n, s) => n + s.count, 0)} /></Card>
        {f && <>
          <Card size="small"><Statistic title={t("dashboard.weighted")} value={formatMoney(f.weighted_amount)} /></Card>
          <Card size="small"><Statistic title={t("dashboard.historical")} value={formatMoney(f.historical_amount)} /></Card>
          <Card size="small"><Statistic title={t("dashboard.won")} value={formatMoney(f.won_amount)} /></Card>
        </>}
      </div>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t("dashboard.funnel")} size="small">
            {funnel.data?.length ? <Chart option={funnelOption} testId="funnel-chart" />
              : <Empty description={t("dashboard.noData")} />}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t("dashboard.amountByStage")} size="small">
            {funnel.data?.length ? <Chart option={amountOption} testId="amount-chart" />
              : <Empty description={t("dashboard.noData")} />}
          </Card>
        </Col>
        <Col xs={24}>
          <Card title={t("dashboard.stageTable")} size="small">
            <Table size="small" rowKey="key" pagination={false} dataSource={funnel.data ?? []}
              columns={[
                { key: "name", dataIndex: "name", title: t("dashboard.stage") },
                { key: "count", dataIndex: "count", title: t("dashboard.count"), align: "right" },
                { key: "amount", title: t("dashboard.amount"), align: "right",
                  render: (_, s) => <span className="money">{formatMoney(s.amount)}</span> },
                { key: "rate", title: t("dashboard.conversion"), align: "right",
                  render: (_, s) => s.conversion_rate == null ? "—"
                    : `${(Number(s.conversion_rate) * (Number(s.conversion_rate) <= 1 ? 100 : 1)).toFixed(1)}%` },
              ]} />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
