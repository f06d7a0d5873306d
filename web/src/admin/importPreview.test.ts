import { describe, expect, it } from "vitest";
import { allErrors, chosenFormats, isDateColumn, sampleText, unreadCount, type ErrorsPage,
  type PreviewColumn, fieldTitle } from "./importPreview";
import { importForm } from "./importForm";

const file = new Blob(["name\n"], { type: "text/csv" });

describe("date formats per column", () => {
  it("sends only the columns whose format is chosen", () => {
    expect(chosenFormats({ 开始日期: "DD/MM/YYYY", 结束日期: "auto" })).toEqual({ 开始日期: "DD/MM/YYYY" });
    const f = importForm({ file, object: "campaigns", dryRun: true, mapping: {},
      dateFormats: { 开始日期: "DD/MM/YYYY", 结束日期: "auto" } });
    expect(JSON.parse(String(f.get("date_formats")))).toEqual({ 开始日期: "DD/MM/YYYY" });
    expect(importForm({ file, object: "campaigns", dryRun: true, mapping: {},
      dateFormats: { 结束日期: "auto" } }).get("date_formats")).toBeNull();
  });
  it("tells date columns and their unread samples apart", () => {
    const c: PreviewColumn = { column: "开始日期", field: "start_date", type: "date", date_format: "auto",
      suggested_format: "DD/MM/YYYY", samples: [
        { row: 2, raw: "13/03/2017", value: "2017-03-13", error: null },
        { row: 3, raw: "01/03/2017", value: null, error: "choose this column's date format" }] };
    expect(isDateColumn(c)).toBe(true);
    expect(isDateColumn({ ...c, type: "text" })).toBe(false);
    expect(unreadCount(c)).toBe(1);
    expect(sampleText(c.samples[0])).toEqual({ text: "2017-03-13", ok: true });
    expect(sampleText(c.samples[1])).toEqual({ text: "choose this column's date format", ok: false });
    expect(sampleText({ row: 4, raw: "a;b", value: ["a", "b"], error: null }).text).toBe("a; b");
  });
});

describe("every error of an import", () => {
  const error = (row: number) => ({ row, field: "email", message: "bad" });
  it("fetches the pages after the status's first thousand", async () => {
    const asked: number[] = [];
    const page = async (offset: number): Promise<ErrorsPage> => {
      asked.push(offset);
      const items = Array.from({ length: Math.min(1000, 2500 - offset) }, (_, i) => error(offset + i));
      return { items, total: 2500, next_offset: offset + items.length < 2500 ? offset + items.length : null };
    };
    const first = Array.from({ length: 1000 }, (_, i) => error(i));
    const all = await allErrors(page, first, 2500);
    expect(all).toHaveLength(2500);
    expect(all.map((e) => e.row)).toEqual(Array.from({ length: 2500 }, (_, i) => i));
    expect(asked).toEqual([1000, 2000]);
  });
  it("asks nothing when the status already holds them all", async () => {
    const all = await allErrors(async () => { throw new Error("not asked"); }, [error(2)], 1);
    expect(all).toHaveLength(1);
  });
});

describe("fieldTitle", () => {
  const fields = [{ api_name: "close_date", label: "Expected close date",
    labels: { en: "Expected close date", "zh-CN": "预计成交日期" } }];
  it("names a field by its label in the reader's language, not its api name", () => {
    expect(fieldTitle(fields, "close_date", "日期", "zh-CN")).toBe("预计成交日期");
    expect(fieldTitle(fields, "close_date", null, "en")).toBe("Expected close date");
  });
  it("falls back to the file's column for targets that are not fields", () => {
    expect(fieldTitle(fields, "roles", "角色", "zh-CN")).toBe("角色");
    expect(fieldTitle(fields, "roles", null, "zh-CN")).toBe("roles");
  });
});
