import { describe, expect, it } from "vitest";
import { POOL, addGroup, containerOf, dragEnd, dragOver, fieldId, groupId, moveField, removeGroup, shiftGroup,
  toBody, withPool } from "./layout";
import type { LayoutGroup } from "./layout";

const L = (en: string, zh = en) => ({ en, "zh-CN": zh });
const start = (): LayoutGroup[] => withPool([
  { key: "main", labels: L("Details", "基本信息"), fields: ["name", "phone", "city"] },
  { key: "system", labels: L("System", "系统信息"), fields: ["created_at"] },
], ["name", "phone", "city", "created_at", "budget_code"]);
const fields = (g: LayoutGroup[]) => Object.fromEntries(g.map((x) => [x.key, x.fields]));

describe("page layout moves", () => {
  it("puts fields no section shows into the pool, last", () => {
    const g = start();
    expect(g.map((x) => x.key)).toEqual(["main", "system", POOL]);
    expect(g[2].fields).toEqual(["budget_code"]);
    expect(containerOf(g, fieldId("budget_code"))).toBe(POOL);
    expect(containerOf(g, groupId("system"))).toBe("system");
  });

  it("reorders a field within its section on drop", () => {
    const g = dragEnd(start(), fieldId("city"), fieldId("name"));
    expect(fields(g).main).toEqual(["city", "name", "phone"]);
  });

  it("moves a field into another section while dragging, before the field it is over", () => {
    const g = dragOver(start(), fieldId("phone"), fieldId("created_at"));
    expect(fields(g)).toEqual({ main: ["name", "city"], system: ["phone", "created_at"], [POOL]: ["budget_code"] });
    // Dropping there keeps it; the same group does not change on dragOver.
    expect(dragOver(g, fieldId("phone"), fieldId("created_at"))).toBe(g);
  });

  it("appends a field dropped on a section itself (e.g. an empty one)", () => {
    let g = addGroup(start(), L("Finance", "财务"));
    const key = g[2].key;
    expect(g.map((x) => x.key)).toEqual(["main", "system", key, POOL]);
    g = dragEnd(g, fieldId("budget_code"), groupId(key));
    expect(fields(g)[key]).toEqual(["budget_code"]);
    expect(fields(g)[POOL]).toEqual([]);
  });

  it("reorders sections but never moves the pool", () => {
    const g = dragEnd(start(), groupId("system"), groupId("main"));
    expect(g.map((x) => x.key)).toEqual(["system", "main", POOL]);
    expect(dragEnd(start(), groupId("main"), groupId(POOL)).map((x) => x.key)).toEqual(["main", "system", POOL]);
    // Dropping a section on a field of another section takes that section's place.
    expect(dragEnd(start(), groupId("system"), fieldId("phone")).map((x) => x.key)).toEqual(["system", "main", POOL]);
    expect(shiftGroup(start(), "system", 1).map((x) => x.key)).toEqual(["main", "system", POOL]);
    expect(shiftGroup(start(), "system", -1).map((x) => x.key)).toEqual(["system", "main", POOL]);
  });

  it("sends a removed section's fields to the pool", () => {
    const g = removeGroup(start(), "main");
    expect(fields(g)).toEqual({ system: ["created_at"], [POOL]: ["budget_code", "name", "phone", "city"] });
    expect(removeGroup(g, POOL)).toBe(g);
  });

  it("clamps an index and never duplicates a field", () => {
    const g = moveField(start(), "name", "system", 99);
    expect(fields(g).system).toEqual(["created_at", "name"]);
    expect(g.flatMap((x) => x.fields).filter((f) => f === "name")).toHaveLength(1);
  });

  it("saves the real sections only, each with labels in both languages", () => {
    let g = addGroup(start(), L("", "财务"));
    g = moveField(g, "budget_code", g[2].key, 0);
    const body = toBody(g);
    expect(body.groups.map((x) => x.key)).not.toContain(POOL);
    expect(body.groups[2]).toEqual({ key: g[2].key, labels: { en: "财务", "zh-CN": "财务" }, fields: ["budget_code"] });
    expect(body.groups[0].labels).toEqual({ en: "Details", "zh-CN": "基本信息" });
  });
});
