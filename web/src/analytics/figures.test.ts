import { describe, expect, it } from "vitest";
import { attainmentPercent, flowLayout, gaugeMax, headline, moveWidget, orderWidgets, totalAttainment,
  widgetFigures } from "./figures";
import { periodBounds, periodChoices } from "./periods";

const t = (k: string) => k;

describe("attainment", () => {
  it("divides decimal strings exactly, rounding half up to a tenth of a percent", () => {
    expect(attainmentPercent("850.00", "1000.00")).toBe(85);
    expect(attainmentPercent("1.00", "3.00")).toBe(33.3);
    expect(attainmentPercent("2.00", "3.00")).toBe(66.7);
    // 0.1 + 0.2 style float trouble does not exist here.
    expect(attainmentPercent("300000000000000.30", "1000000000000000.00")).toBe(30);
    expect(attainmentPercent("1500", "1000")).toBe(150);
  });
  it("has no attainment without a positive target", () => {
    expect(attainmentPercent("10", null)).toBeNull();
    expect(attainmentPercent("10", "0.00")).toBeNull();
  });
  it("ends the gauge at 100 % unless exceeded", () => {
    expect(gaugeMax(null)).toBe(100);
    expect(gaugeMax(99.9)).toBe(100);
    expect(gaugeMax(101)).toBe(150);
    expect(gaugeMax(1000)).toBe(300);
  });
  it("totals only the rows that have a target", () => {
    expect(totalAttainment([{ target: "100.10", actual: "50.05" }, { target: null, actual: "999" },
      { target: "0.20", actual: "0.10" }])).toEqual({ target: "100.30", actual: "50.15" });
    expect(totalAttainment([{ target: null, actual: "1.5" }])).toEqual({ target: null, actual: "1.50" });
  });
});

describe("widget layout", () => {
  const w = (id: string, x: number, y: number, width = 6, h = 4) => ({ id, x, y, w: width, h });
  it("reads widgets top to bottom, left to right", () => {
    expect(orderWidgets([w("c", 0, 4), w("b", 6, 0), w("a", 0, 0)]).map((x) => x.id)).toEqual(["a", "b", "c"]);
  });
  it("flows widgets into rows of twelve columns", () => {
    const placed = flowLayout([w("a", 9, 9, 8, 5), w("b", 0, 0, 6, 2), w("c", 0, 0, 4), w("d", 0, 0, 12, 3)]);
    expect(placed.map((x) => [x.id, x.x, x.y])).toEqual([["a", 0, 0], ["b", 0, 5], ["c", 6, 5], ["d", 0, 9]]);
  });
  it("keeps a moved widget where it was dropped after a save and reload", () => {
    const moved = moveWidget([w("a", 0, 0), w("b", 6, 0), w("c", 0, 4)], 2, 0);
    expect(orderWidgets(moved).map((x) => x.id)).toEqual(["c", "a", "b"]);
    expect(moved[0]).toMatchObject({ id: "c", x: 0, y: 0 });
  });
});

describe("widget figures", () => {
  it("labels report groups with the server's names and keeps money as strings", () => {
    const f = widgetFigures("report", {
      columns: [{ key: "stage", label: "Stage", kind: "group", type: "text" },
        { key: "sum_amount", label: "Amount", kind: "measure", type: "money" }],
      rows: [{ stage: "proposal", stage_label: "Proposal", sum_amount: "10.10" },
        { stage: "won", stage_label: "Won", sum_amount: "0.20" }],
    }, t);
    expect(f.categories).toEqual(["Proposal", "Won"]);
    expect(f.series).toEqual([{ name: "Amount", values: ["10.10", "0.20"], money: true }]);
    expect(headline("report", {}, f)).toEqual({ value: "10.30", money: true });
  });
  it("has no total when every money figure is withheld (null), rather than a 0", () => {
    const f = { categories: ["A", "B"], series: [{ name: "Amount", values: [null, null], money: true }] };
    expect(headline("report", {}, f)).toEqual({ value: null, money: true });
  });
  it("names receivables ageing buckets and takes the total as the headline", () => {
    const data = { total: "5.00", buckets: [{ bucket: "0-30", count: 1, amount: "5.00" },
      { bucket: ">90", count: 0, amount: "0.00" }] };
    const f = widgetFigures("receivables", data, t);
    expect(f.categories).toEqual(["analytics.ageing.0-30", "analytics.ageing.>90"]);
    expect(headline("receivables", data, f)).toEqual({ value: "5.00", money: true });
  });
});

describe("periods", () => {
  it("turns months and quarters into first and last days", () => {
    expect(periodBounds("2024-02")).toEqual({ from: "2024-02-01", to: "2024-02-29" });
    expect(periodBounds("2026-Q4")).toEqual({ from: "2026-10-01", to: "2026-12-31" });
    expect(periodBounds("2026-Q1")).toEqual({ from: "2026-01-01", to: "2026-03-31" });
  });
  it("offers periods around today", () => {
    const months = periodChoices("month", new Date(2026, 0, 15), 2, 1);
    expect(months).toEqual(["2025-11", "2025-12", "2026-01", "2026-02"]);
    expect(periodChoices("quarter", new Date(2026, 10, 3), 1, 1)).toEqual(["2026-Q3", "2026-Q4", "2027-Q1"]);
  });
});
