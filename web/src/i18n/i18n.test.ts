// Every user-visible string exists in both languages, and every key the code asks for
// exists: a missing translation fails here, not in front of a customer.
import { describe, expect, it } from "vitest";
import { EN_MESSAGES, ZH_MESSAGES } from "./messages";
import { detectLanguage } from "./index";

function flatten(obj: object, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === "object") flatten(v, key).forEach((val, kk) => out.set(kk, val));
    else out.set(key, String(v));
  }
  return out;
}

const EN = flatten(EN_MESSAGES);
const ZH = flatten(ZH_MESSAGES);
const sources = import.meta.glob("../**/*.{ts,tsx}", { query: "?raw", import: "default", eager: true }) as
  Record<string, string>;

describe("i18n", () => {
  it("has the same keys in English and Chinese", () => {
    const onlyEn = [...EN.keys()].filter((k) => !ZH.has(k));
    const onlyZh = [...ZH.keys()].filter((k) => !EN.has(k));
    expect({ onlyEn, onlyZh }).toEqual({ onlyEn: [], onlyZh: [] });
  });

  it("has no empty strings and keeps {{placeholders}} the same in both", () => {
    for (const [k, v] of EN) {
      expect(v.trim(), k).not.toBe("");
      const vars = (s: string) => [...s.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();
      // A singular may spell out "one" instead of {{count}}.
      const strip = (xs: string[]) => (k.endsWith("_one") ? xs.filter((x) => x !== "count") : xs);
      expect(strip(vars(ZH.get(k) ?? "")), k).toEqual(strip(vars(v)));
    }
  });

  it("defines every literal key used in the code", () => {
    const used = new Set<string>();
    for (const [file, text] of Object.entries(sources)) {
      if (file.includes(".test.") || file.includes("/i18n/")) continue;
      for (const m of text.matchAll(/\bt\(\s*"([a-zA-Z][\w.]*)"/g)) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(100);
    // Plurals live under key_one / key_other.
    const missing = [...used].filter((k) => !EN.has(k) && !(EN.has(`${k}_one`) && EN.has(`${k}_other`)));
    expect(missing).toEqual([]);
  });

  it("defines every key of the dynamic families the code builds", () => {
    for (const kind of ["call", "visit", "meeting", "note"]) {
      expect(EN.has(`followUp.default.${kind}`)).toBe(true);
      expect(EN.has(`pick.kind.${kind}`)).toBe(true);
    }
    for (const op of ["eq", "ne", "in", "contains", "gte", "lte", "gt", "lt", "isnull"]) {
      expect(EN.has(`op.${op}`), op).toBe(true);
    }
    for (const g of ["customers", "leads", "deals", "orders", "activities", "service"]) {
      expect(EN.has(`nav.${g}`), g).toBe(true);
    }
  });

  it("starts in Chinese when the browser prefers Chinese, else English", () => {
    expect(detectLanguage(["zh-CN", "en"], null)).toBe("zh-CN");
    expect(detectLanguage(["zh-TW"], null)).toBe("zh-CN");
    expect(detectLanguage(["en-US", "zh-CN"], null)).toBe("en");
    expect(detectLanguage(["fr-FR"], null)).toBe("en");
    expect(detectLanguage(["fr-FR", "zh"], null)).toBe("zh-CN");
    expect(detectLanguage(["zh-CN"], "en")).toBe("en"); // the user's choice wins
  });
});
