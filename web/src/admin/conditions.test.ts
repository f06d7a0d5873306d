import { describe, expect, it } from "vitest";
import { emptyGroup, fromJson, incomplete, toJson } from "./conditions";

describe("condition editor model", () => {
  it("round-trips the API's condition trees", () => {
    const tree = { all: [
      { field: "amount", op: "gt", value: "100000" },
      { any: [{ field: "discount", op: "gte", value: 20 }, { not: { field: "level", op: "in", value: ["A", "B"] } }] },
    ] };
    // A negated single rule comes back as a negated group of one: the same meaning.
    expect(toJson(fromJson(tree))).toEqual({ all: [tree.all[0], { any: [
      { field: "discount", op: "gte", value: 20 },
      { not: { all: [{ field: "level", op: "in", value: ["A", "B"] }] } }] }] });
  });

  it("wraps a single rule and keeps 'not' on groups", () => {
    const g = fromJson({ not: { any: [{ field: "status", op: "eq", value: "lost" }] } });
    expect(g).toMatchObject({ match: "any", negate: true });
    expect(toJson(g)).toEqual({ not: { any: [{ field: "status", op: "eq", value: "lost" }] } });
    expect(fromJson({ field: "x", op: "is_empty" }).children).toHaveLength(1);
  });

  it("sends no value for value-less operators and splits 'in' lists", () => {
    const g = emptyGroup();
    g.children = [{ kind: "leaf", field: "phone", op: "is_empty", value: "ignored" },
      { kind: "leaf", field: "level", op: "in", value: "A, B,,C" }];
    expect(toJson(g)).toEqual({ all: [{ field: "phone", op: "is_empty" },
      { field: "level", op: "in", value: ["A", "B", "C"] }] });
  });

  it("means 'always' when empty and finds incomplete rules", () => {
    expect(toJson(emptyGroup())).toBeNull();
    expect(fromJson(null).children).toEqual([]);
    const g = fromJson({ all: [{ field: "amount", op: "gt" }, { any: [{ field: "", op: "changed" }] },
      { field: "stage", op: "changed" }] });
    expect(incomplete(g)).toEqual(["0", "1.0"]);
  });
});
