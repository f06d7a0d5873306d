// Reading a CSV's header row in the browser, for the column mapping step. The server
// reads the whole file itself (UTF-8, UTF-8 with BOM, GBK/GB18030).
import type { FieldMeta } from "../api/meta";

/** Decode bytes as UTF-8, or as GB18030 when they are not valid UTF-8 (Excel in China). */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    return new TextDecoder("gb18030").decode(bytes);
  }
}

/** The first record of a CSV (quotes and commas inside quotes handled). */
export function csvHeader(text: string): string[] {
  const out: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { out.push(cell.trim()); cell = ""; }
    else if (c === "\n" || c === "\r") break;
    else cell += c;
  }
  out.push(cell.trim());
  return out.filter((h, i) => h !== "" || i < out.length - 1);
}

/** A field for each column whose header names it (api name or a label in either language). */
export function guessMapping(headers: string[], fields: FieldMeta[]): Record<string, string | null> {
  const norm = (s: string) => s.toLowerCase().replace(/[\s_\-]/g, "");
  const byName = new Map<string, string>();
  for (const f of fields) {
    for (const n of [f.api_name, f.label, f.labels?.en, f.labels?.["zh-CN"]]) {
      if (n && !byName.has(norm(n))) byName.set(norm(n), f.api_name);
    }
  }
  return Object.fromEntries(headers.map((h) => [h, byName.get(norm(h)) ?? null]));
}
