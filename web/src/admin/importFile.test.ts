import { describe, expect, it } from "vitest";
import type { FieldMeta } from "../api/meta";
import { csvHeader, decodeText, guessMapping } from "./importFile";

describe("import file header", () => {
  it("reads quoted headers and stops at the first line", () => {
    expect(csvHeader('name,"City, Province","say ""hi"""\r\nAcme,x,y')).toEqual(["name", "City, Province", 'say "hi"']);
  });

  it("decodes UTF-8 with BOM and GBK", () => {
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).toBe("a");
    expect(decodeText(new Uint8Array([0xbf, 0xcd, 0xbb, 0xa7]))).toBe("客户"); // GBK bytes
  });

  it("maps columns named like fields, in either language", () => {
    const f = (api_name: string, en: string, zh: string) => ({ api_name, label: en, labels: { en, "zh-CN": zh },
      type: "text", required: false, options: null, custom: false, readonly: false }) as FieldMeta;
    const m = guessMapping(["客户名称", "Phone", "notes", "city"], [f("name", "Name", "客户名称"),
      f("phone", "Phone", "电话"), f("city", "City", "城市")]);
    expect(m).toEqual({ 客户名称: "name", Phone: "phone", notes: null, city: "city" });
  });
});
