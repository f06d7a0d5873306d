import { describe, expect, it } from "vitest";
import { importForm } from "./importForm";

const file = new Blob(["name\n"], { type: "text/csv" });

describe("importForm", () => {
  it("sends the mapping of the chosen columns only", () => {
    const f = importForm({ file, object: "accounts", dryRun: true, mapping: { 名称: "name", 备注: null } });
    expect(f.get("dry_run")).toBe("true");
    expect(JSON.parse(String(f.get("mapping")))).toEqual({ 名称: "name" });
    expect(f.get("migration")).toBeNull();
  });
  it("marks a migration, keeping the mapping", () => {
    const f = importForm({ file, object: "opportunities", dryRun: false, mapping: { Name: "name" },
      migration: true });
    expect(f.get("migration")).toBe("true");
    expect(f.get("mapping")).not.toBeNull();
  });
  it("sends a stage-history file without a field mapping", () => {
    const f = importForm({ file, object: "opportunities", dryRun: false, mapping: { Name: "name" },
      migration: true, kind: "stage_history" });
    expect(f.get("kind")).toBe("stage_history");
    expect(f.get("mapping")).toBeNull();
    expect(f.get("migration")).toBeNull();
  });
});
