// The attainment gauge and the ranked leaderboard, shown on the sales dashboard and the
// targets screen (GET /analytics/targets and /analytics/leaderboard).
import { useMemo } from "react";
import { Empty, List, Progress, Segmented, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { formatMoney } from "../lib/money";
import Chart from "./Chart";
import type { CurrencyBlock } from "./currency";
import { attainmentPercent, gaugeMax, totalAttainment } from "./figures";

export interface Attainment { user_id?: string; department_id?: string | null; name: string | null;
  target: string | null; actual: string; attainment: number | null; gap: string | null; rank?: number }
export interface AttainmentData { period: { kind: string; from: string; to: string }; metric: string;
  currency?: CurrencyBlock;
  users: Attainment[]; departments: (Attainment & { department_id: string; target_source: string;
    parent_id: string | null })[] }
export interface LeaderboardData { by: string; currency?: CurrencyBlock; items: (Attainment & { rank: number; user_id: string })[] }

/** The gauge of everyone the viewer sees who has a target: actual over target. */
export function TargetGauge({ data, height = 220 }: { data: AttainmentData; height?: number }) {
  const { t } = useTranslation();
  const total = totalAttainment(data.users);
  const percent = attainmentPercent(total.actual, total.target);
  const option = useMemo(() => ({
    series: [{ type: "gauge", min: 0, max: gaugeMax(percent), progress: { show: true, width: 14 },
      axisLine: { lineStyle: { width: 14 } }, splitNumber: 5, pointer: { show: true },
      axisLabel: { distance: 20, formatter: "{value}%" },
      detail: { valueAnimation: false, formatter: "{value}%", fontSize: 22, offsetCenter: [0, "60%"] },
      data: [{ value: percent ?? 0, name: t("analytics.targets.attainment") }] }],
  }), [percent, t]);
  if (total.target === null) {
    return <Empty description={t("analytics.targets.noTargets")} data-testid="target-gauge-empty" />;
  }
  return (
    <div data-testid="target-gauge" data-percent={percent ?? ""}>
      <Chart option={option} height={height} testId="target-gauge-chart" />
      <Typography.Paragraph type="secondary" style={{ textAlign: "center", marginBottom: 0 }}>
        {t("analytics.targets.gaugeCaption", { actual: formatMoney(total.actual, data.currency?.code),
          target: formatMoney(total.target, data.currency?.code) })}
      </Typography.Paragraph>
    </div>
  );
}

export function Leaderboard({ data, by, onBy, limit }: { data: LeaderboardData; by?: string;
  onBy?: (by: string) => void; limit?: number }) {
  const { t } = useTranslation();
  const items = data.items.filter((r) => r.target !== null || r.actual !== "0.00").slice(0, limit);
  return (
    <div data-testid="leaderboard">
      {onBy && <Segmented size="small" style={{ marginBottom: 8 }} value={by ?? data.by} onChange={(v) => onBy(String(v))}
        options={[{ value: "actual", label: t("analytics.targets.byActual") },
          { value: "attainment", label: t("analytics.targets.byAttainment") }]} />}
      {items.length === 0 ? <Empty description={t("dashboard.noData")} /> : (
        <List size="small" dataSource={items} renderItem={(r) => {
          const percent = attainmentPercent(r.actual, r.target);
          return (
            <List.Item data-testid="leaderboard-row">
              <div style={{ width: "100%" }}>
                <div style={{ display: "flex", justifyContent: "space-between", gap: 8 }}>
                  <span><strong>{r.rank}.</strong> {r.name ?? "—"}</span>
                  <span className="money">{formatMoney(r.actual, data.currency?.code)}</span>
                </div>
                {percent !== null && <Progress size="small" percent={Math.min(percent, 100)}
                  format={() => `${percent}%`} status={percent >= 100 ? "success" : "active"} />}
              </div>
            </List.Item>
          );
        }} />
      )}
    </div>
  );
}
