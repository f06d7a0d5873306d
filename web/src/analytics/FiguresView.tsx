// One set of figures drawn as a dashboard widget type: a number, a bar/line/pie/funnel
// chart or a table. Money stays a decimal string for text; charts get plain numbers.
import { useMemo } from "react";
import { Empty, Statistic, Table } from "antd";
import { useTranslation } from "react-i18next";
import { compactMoney, formatMoney } from "../lib/money";
import { moneyStatistic } from "../shell/Withheld";
import Chart from "./Chart";
import type { Figures, WidgetType } from "./figures";

const shown = (v: string | number | null, money: boolean, currency?: string) =>
  v === null || v === undefined ? "—" : money ? formatMoney(String(v), currency) : String(v);

/** `currency`: the code money figures are in (the answer's currency block). */
export default function FiguresView({ type, figures, headline, testId, height = 260, currency }: {
  type: WidgetType; figures: Figures; headline?: { value: string | null; money: boolean };
  testId?: string; height?: number; currency?: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const option = useMemo(() => {
    const { categories, series } = figures;
    const num = (v: string | number | null) => (v === null ? 0 : Number(v));
    if (type === "pie" || type === "funnel") {
      const first = series[0];
      return {
        tooltip: { trigger: "item" }, legend: { type: "scroll", bottom: 0 },
        series: [{ type, sort: "none", radius: type === "pie" ? ["35%", "65%"] : undefined,
          left: type === "funnel" ? "8%" : undefined, width: type === "funnel" ? "84%" : undefined,
          bottom: 40, label: type === "funnel" ? { position: "inside", color: "#fff", formatter: "{b}: {c}" } : undefined,
          data: categories.map((name, i) => ({ name, value: num(first?.values[i] ?? null) })) }],
      };
    }
    // Money on the left axis, counts on the right, so neither flattens the other.
    const anyMoney = series.some((s) => s.money);
    return {
      tooltip: { trigger: "axis" }, legend: { type: "scroll", bottom: 0 },
      grid: { left: 64, right: 48, top: 16, bottom: 56 },
      xAxis: { type: "category", data: categories,
        axisLabel: { hideOverlap: true, rotate: categories.length > 6 ? 30 : 0 } },
      yAxis: [{ type: "value", axisLabel: { formatter: (v: number) => (anyMoney ? compactMoney(String(v), lang) : v) } },
        { type: "value", show: anyMoney && series.some((s) => !s.money) }],
      series: series.map((s) => ({ name: s.name, type: type === "line" ? "line" : "bar",
        yAxisIndex: anyMoney && !s.money ? 1 : 0, data: s.values.map(num) })),
    };
  }, [figures, type, lang]);

  if (type === "number") {
    if (headline?.money) {
      return <Statistic data-testid={testId} {...moneyStatistic(headline.value, (v) => formatMoney(v, currency))} />;
    }
    return <Statistic data-testid={testId} value={headline ? shown(headline.value, false, currency) : "—"} />;
  }
  if (!figures.categories.length) return <Empty description={t("dashboard.noData")} />;
  if (type === "table") {
    const rows = figures.categories.map((c, i) => ({ key: i, category: c }));
    return <Table data-testid={testId} size="small" dataSource={rows} pagination={false} scroll={{ x: "max-content", y: height }}
      columns={[{ key: "c", dataIndex: "category", title: "" },
        ...figures.series.map((s, j) => ({ key: `s${j}`, title: s.name, align: "right" as const,
          render: (_: unknown, r: { key: number }) => shown(s.values[r.key], s.money, currency) }))]} />;
  }
  return <Chart option={option} height={height} testId={testId} />;
}
