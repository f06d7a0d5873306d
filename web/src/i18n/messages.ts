// All UI strings: the core files (en.ts, zh.ts) plus one file per feature area under
// parts/ (each `export default { en: {...}, zh: {...} }` with its own top-level
// namespaces), so screens built side by side never edit the same file.
import en from "./en";
import zh from "./zh";

type Tree = { [key: string]: string | Tree };
interface Part { en: Tree; zh: Tree }

const parts = Object.values(
  import.meta.glob("./parts/*.ts", { import: "default", eager: true }) as Record<string, Part>,
);

function merge(base: Tree, more: Tree[]): Tree {
  const out: Tree = { ...base };
  for (const m of more) {
    for (const [k, v] of Object.entries(m)) {
      const have = out[k];
      out[k] = have && typeof have === "object" && typeof v === "object" ? merge(have, [v]) : v;
    }
  }
  return out;
}

export const EN_MESSAGES: Tree = merge(en as unknown as Tree, parts.map((p) => p.en));
export const ZH_MESSAGES: Tree = merge(zh as unknown as Tree, parts.map((p) => p.zh));
