import { describe, expect, it } from "vitest";
import { applySaved, importForm, savedMappingBody } from "./importForm";

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

describe("saved mappings", () => {
  it("keep each column's date format, and give it back for the next file", () => {
    const body = savedMappingBody(" 日在前 ", "campaigns", { 活动: "name", 开始: "start_date", 备注: null },
      { 开始: "DD/MM/YYYY", 活动: "auto", 备注: "excel" });
    expect(body).toEqual({ name: "日在前", object: "campaigns",
      mapping: { 活动: "name", 开始: "start_date" }, date_formats: { 开始: "DD/MM/YYYY" } });
    const back = applySaved(["活动", "开始", "新列"], { id: "m1", ...body });
    expect(back.mapping).toEqual({ 活动: "name", 开始: "start_date", 新列: null });
    expect(back.dateFormats).toEqual({ 开始: "DD/MM/YYYY" });
  });
});
