// Pure helpers of the analytics screens: attainment from decimal strings, the figures of
// any dashboard source as one chartable shape, and the order of a dashboard's widgets.
import { add, compare, toScaled } from "../lib/money";

/** actual / target in percent, one decimal, computed on scaled integers (money is
 * never a float); null without a positive target. */
export function attainmentPercent(actual: string | null | undefined,
  target: string | null | undefined): number | null {
  if (target === null || target === undefined || target === "" || compare(target, "0") <= 0) return null;
  const tenths = (toScaled(actual ?? "0") * 1000n * 2n + toScaled(target)) / (toScaled(target) * 2n);
  return Number(tenths) / 10;
}

/** The gauge's end: 100 %, or the next 50 above an attainment beyond it (≤ 300). */
export function gaugeMax(percent: number | null): number {
  if (percent === null || percent <= 100) return 100;
  return Math.min(300, Math.ceil(percent / 50) * 50);
}

export interface Attained { target: string | null; actual: string }

/** The sum of targets and of actuals of the rows that have a target. */
export function totalAttainment(rows: Attained[]): { target: string | null; actual: string } {
  const withTarget = rows.filter((r) => r.target !== null);
  if (!withTarget.length) return { target: null, actual: add(...rows.map((r) => r.actual)) };
  return { target: add(...withTarget.map((r) => r.target)), actual: add(...withTarget.map((r) => r.actual)) };
}

// --- dashboard widgets ---------------------------------------------------------------
export const WIDGET_TYPES = ["number", "bar", "line", "pie", "funnel", "table"] as const;
export type WidgetType = (typeof WIDGET_TYPES)[number];

export interface Widget {
  id: string; type: WidgetType; title: string; source: string;
  report_id?: string; report?: Record<string, unknown>; params?: Record<string, string>;
  x: number; y: number; w: number; h: number;
}

export const GRID_COLUMNS = 12;

/** Widgets in reading order: top to bottom, then left to right. */
export function orderWidgets<T extends Pick<Widget, "x" | "y">>(widgets: T[]): T[] {
  return [...widgets].sort((a, b) => a.y - b.y || a.x - b.x);
}

/** Lay widgets out in the order given, left to right in rows of 12 columns: the saved
 * x/y then carry the order the user chose. */
export function flowLayout<T extends Pick<Widget, "x" | "y" | "w" | "h">>(widgets: T[]): T[] {
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  return widgets.map((widget) => {
    const w = Math.min(Math.max(widget.w || 6, 1), GRID_COLUMNS);
    if (x + w > GRID_COLUMNS) {
      y += rowHeight;
      x = 0;
      rowHeight = 0;
    }
    const placed = { ...widget, x, y, w };
    x += w;
    rowHeight = Math.max(rowHeight, widget.h || 4);
    return placed;
  });
}

/** Move the widget at `from` to `to` and lay them out again. */
export function moveWidget<T extends Pick<Widget, "x" | "y" | "w" | "h">>(widgets: T[], from: number,
  to: number): T[] {
  const list = [...widgets];
  const [moved] = list.splice(from, 1);
  list.splice(to, 0, moved);
  return flowLayout(list);
}

/** Any source's figures as categories and series (money series as decimal strings). */
export interface Figures {
  categories: string[];
  series: { name: string; values: (string | number | null)[]; money: boolean }[];
}

type Data = Record<string, unknown>;
type Rows = Record<string, unknown>[];
const rowsOf = (d: Data, key = "rows") => (Array.isArray(d[key]) ? (d[key] as Rows) : []);
const str = (v: unknown) => (v === null || v === undefined || v === "" ? "—" : String(v));

/** Turns what /dashboards/{id}/data gives for a widget into chartable figures; `t`
 * names the series (keys under analytics.series). */
export function widgetFigures(source: string, data: Data, t: (k: string) => string,
  pickLabel: (column: string, value: unknown) => string = (_c, v) => str(v)): Figures {
  const s = (key: string, rows: Rows, field: string, money: boolean) =>
    ({ name: t(`analytics.series.${key}`), values: rows.map((r) => r[field] as string | number | null), money });
  switch (source) {
    case "report": {
      const columns = (data.columns ?? []) as { key: string; label: string; kind: string; type: string }[];
      const rows = rowsOf(data);
      const groups = columns.filter((c) => c.kind === "group");
      return {
        categories: rows.map((r) => groups.map((g) => r[`${g.key}_label`] !== undefined
          ? str(r[`${g.key}_label`]) : pickLabel(g.key, r[g.key])).join(" · ") || "—"),
        series: columns.filter((c) => c.kind === "measure").map((c) => ({ name: c.label,
          values: rows.map((r) => r[c.key] as string | number | null), money: c.type === "money" })),
      };
    }
    case "funnel": {
      const stages = rowsOf(data, "stages").filter((r) => r.kind !== "lost");
      return { categories: stages.map((r) => str(r.name)),
        series: [s("count", stages, "count", false), s("amount", stages, "amount", true)] };
    }
    case "forecast": {
      const months = rowsOf(data, "by_month");
      return { categories: months.map((r) => str(r.month)),
        series: [s("won", months, "won_amount", true), s("weighted", months, "weighted_amount", true),
          s("historical", months, "historical_amount", true)] };
    }
    case "targets": {
      const users = rowsOf(data, "users").filter((r) => r.target !== null || compare(String(r.actual), "0") !== 0);
      return { categories: users.map((r) => str(r.name)),
        series: [s("actual", users, "actual", true), s("target", users, "target", true)] };
    }
    case "leaderboard": {
      const items = rowsOf(data, "items");
      return { categories: items.map((r) => `${r.rank}. ${str(r.name)}`),
        series: [s("actual", items, "actual", true), s("target", items, "target", true)] };
    }
    case "receivables": {
      const buckets = rowsOf(data, "buckets");
      return { categories: buckets.map((r) => t(`analytics.ageing.${String(r.bucket)}`)),
        series: [s("amount", buckets, "amount", true), s("count", buckets, "count", false)] };
    }
    case "lost_reasons": {
      const rows = rowsOf(data);
      return { categories: rows.map((r) => str(r.reason)),
        series: [s("count", rows, "count", false), s("amount", rows, "amount", true)] };
    }
    case "activities": {
      const rows = rowsOf(data);
      const kinds = (data.kinds ?? []) as string[];
      return { categories: rows.map((r) => str(r.name)),
        series: [s("total", rows, "total", false), ...kinds.map((k) => ({ name: t(`pick.kind.${k}`),
          values: rows.map((r) => r[k] as number), money: false }))] };
    }
    case "campaign_roi": {
      const rows = rowsOf(data);
      return { categories: rows.map((r) => str(r.name)),
        series: [s("cost", rows, "cost", true), s("wonAmount", rows, "won_amount", true),
          s("leads", rows, "leads", false)] };
    }
    case "lead_conversion": {
      const rows = rowsOf(data);
      return { categories: rows.map((r) => str(r.label ?? r.key)),
        series: [s("leads", rows, "leads", false), s("converted", rows, "converted", false),
          s("wonAmount", rows, "won_amount", true)] };
    }
    default: { // revenue, payments: rows of key/label/count/amount
      const rows = rowsOf(data);
      return { categories: rows.map((r) => str(r.label ?? r.key)),
        series: [s("amount", rows, "amount", true), s("count", rows, "count", false)] };
    }
  }
}

/** The one figure of a "number" widget: a source's headline, else its first series'
 * total (money added exactly). */
export function headline(source: string, data: Data, figures: Figures): { value: string | null; money: boolean } {
  const direct: Record<string, string> = { forecast: "weighted_amount", receivables: "total" };
  if (direct[source] && typeof data[direct[source]] === "string") {
    return { value: data[direct[source]] as string, money: true };
  }
  if (source === "targets") {
    return { value: totalAttainment(rowsOf(data, "users") as unknown as Attained[]).actual, money: true };
  }
  const first = figures.series[0];
  if (!first) return { value: "0", money: false };
  // Every figure withheld (null): no total either, rather than a 0.
  if (first.money && first.values.length && first.values.every((v) => v === null)) return { value: null, money: true };
  if (first.money) return { value: add(...first.values.map((v) => (v === null ? "0" : String(v)))), money: true };
  return { value: String(first.values.reduce<number>((n, v) => n + Number(v ?? 0), 0)), money: false };
}
