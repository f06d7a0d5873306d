import { describe, expect, it } from "vitest";
import type { RecordData } from "../api/client";
import { departmentTree } from "./Departments";
import { effective, inherit, toggleAction } from "./RoleEditor";
import { moveStage } from "./StagesEditor";

describe("role editor", () => {
  it("keeps actions consistent: any action implies read, no read means nothing", () => {
    let p = toggleAction({}, "accounts", "update", true);
    expect(p).toEqual({ accounts: ["read", "update"] });
    p = toggleAction(p, "accounts", "export", true);
    expect(p.accounts).toEqual(["read", "update", "export"]);
    p = toggleAction(p, "accounts", "read", false);
    expect(p).toEqual({});
  });

  it("reads and overrides the '*' default like the server", () => {
    const base = { "*": ["read", "create"], users: ["read"] };
    expect(effective(base, "accounts")).toEqual(["read", "create"]);
    expect(effective({ "*": ["*"] }, "accounts")).toContain("approve");
    const off = toggleAction(base, "accounts", "read", false);
    expect(off.accounts).toEqual([]); // explicit "nothing", wins over "*"
    expect(effective(inherit(off, "accounts"), "accounts")).toEqual(["read", "create"]);
  });
});

describe("organisation tree", () => {
  const d = (id: string, name: string, parent_id: string | null) => ({ id, version: 1, name, parent_id }) as RecordData;
  it("nests departments under their parents, sorted by name", () => {
    const tree = departmentTree([d("s", "Sales", null), d("e", "East", "s"), d("a", "Admin", null),
      d("w", "West", "s")], (r) => String(r.name));
    expect(tree.map((n) => n.title)).toEqual(["Admin", "Sales"]);
    expect(tree[1].children!.map((n) => n.title)).toEqual(["East", "West"]);
  });

  it("shows orphans and cycles instead of losing them", () => {
    const tree = departmentTree([d("x", "X", "gone"), d("p", "P", "q"), d("q", "Q", "p")], (r) => String(r.name));
    const all = JSON.stringify(tree);
    expect(["X", "P", "Q"].every((n) => all.includes(`"${n}"`))).toBe(true);
  });
});

describe("pipeline stages", () => {
  it("reorders stages and ignores moves past either end", () => {
    const st = ["a", "b", "c"].map((key) => ({ key, probability: 10, kind: "open" as const }));
    expect(moveStage(st, 2, -1).map((s) => s.key)).toEqual(["a", "c", "b"]);
    expect(moveStage(st, 0, -1)).toBe(st);
    expect(moveStage(st, 2, 1)).toBe(st);
  });
});
