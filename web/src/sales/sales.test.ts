import { describe, expect, it } from "vitest";
import type { RecordData } from "../api/client";
import { groupByStage, moveCard, normalizeBoard } from "./kanbanData";
import { linesForApi, linesFromApi, newLine, orderTotal } from "./orderLines";
import { formatPosition } from "./FollowUp";
import { takesPayment } from "./payable";

const opp = (id: string, stage: string, amount: string) => ({ id, version: 1, stage, amount }) as RecordData;

describe("kanban", () => {
  it("reads the server's board", () => {
    const cols = normalizeBoard({ pipeline: { id: "p" }, stages: [
      { key: "initial", name: "Initial", kind: "open", probability: 10, count: 2, amount: "300.00",
        items: [opp("1", "initial", "100.00"), opp("2", "initial", "200.00")] }] });
    expect(cols[0]).toMatchObject({ stage: { key: "initial", name: "Initial" }, count: 2, amount: "300.00" });
  });

  it("keeps a withheld stage sum withheld (null), also after a move", () => {
    const cols = normalizeBoard({ pipeline: { id: "p" }, hidden_fields: ["opportunities.amount"], stages: [
      { key: "a", name: "A", count: 1, amount: null, weighted_amount: null, items: [{ id: "1", version: 1, stage: "a" }] },
      { key: "b", name: "B", count: 0, amount: null, weighted_amount: null, items: [] }] });
    expect(cols.map((c) => c.amount)).toEqual([null, null]);
    expect(moveCard(cols, "1", "b").map((c) => c.amount)).toEqual([null, null]);
  });

  it("moves a card and keeps the column sums exact", () => {
    const stages = [{ key: "a", name: "A" }, { key: "b", name: "B" }];
    const cols = groupByStage(stages, [opp("1", "a", "0.10"), opp("2", "a", "0.20"), opp("3", "b", "1.00")]);
    expect(cols.map((c) => c.amount)).toEqual(["0.30", "1.00"]);
    const moved = moveCard(cols, "2", "b");
    expect(moved.map((c) => [c.count, c.amount])).toEqual([[1, "0.10"], [2, "1.20"]]);
    expect(moved[1].items[0]).toMatchObject({ id: "2", stage: "b" });
  });
});

describe("order lines", () => {
  it("totals lines live and sends them as decimal strings", () => {
    const lines = [{ ...newLine(), product_id: "p1", quantity: "2", unit_price: "1999.90", discount: "10" },
      { ...newLine(), product_id: "p2", quantity: "3", unit_price: "0.10", discount: null },
      newLine()];
    expect(orderTotal(lines)).toBe("3600.12");
    expect(linesForApi(lines)).toEqual([
      { product_id: "p1", quantity: "2", unit_price: "1999.90", discount: "10" },
      { product_id: "p2", quantity: "3", unit_price: "0.10", discount: "0" }]);
  });

  it("reads the server's lines with the product's name", () => {
    expect(linesFromApi([{ id: "l1", product_id: "p", description: "Widget", quantity: "1.000",
      unit_price: "5.00", discount: "0" }])[0]).toMatchObject({ key: "l1", product_name: "Widget", quantity: "1.000" });
  });
});

describe("check-in", () => {
  it("shows a position readably", () => {
    expect(formatPosition({ latitude: 31.2304, longitude: 121.4737 })).toBe("31.23040°N, 121.47370°E");
    expect(formatPosition({ latitude: -33.8688, longitude: -70.6693 })).toBe("33.86880°S, 70.66930°W");
  });
});

describe("record payment", () => {
  it("is offered only on a confirmed order that still owes money", () => {
    const order = (status: string, receivable: string) =>
      ({ id: "o", version: 1, status, receivable }) as RecordData;
    expect(takesPayment(order("approved", "250000.00"))).toBe(true);
    expect(takesPayment(order("fulfilled", "0.01"))).toBe(true);
    for (const status of ["draft", "submitted", "rejected", "cancelled"]) {
      expect(takesPayment(order(status, "250000.00"))).toBe(false);
    }
    expect(takesPayment(order("approved", "0.00"))).toBe(false);
    expect(takesPayment(order("approved", "-10.00"))).toBe(false);
  });
});
