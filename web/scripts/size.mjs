// Prints the gzip size of what the browser loads first (the entry chunk and its static
// imports, JS and CSS), and fails the build when it passes the 600 kB budget.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join } from "node:path";

const BUDGET_KB = 600;
const dist = new URL("../dist/", import.meta.url).pathname;
const manifest = JSON.parse(readFileSync(join(dist, ".vite/manifest.json"), "utf8"));
const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry);
const seen = new Set();
const files = [];
(function walk(key) {
  if (seen.has(key)) return;
  seen.add(key);
  const chunk = manifest[key];
  files.push(chunk.file, ...(chunk.css ?? []));
  for (const imp of chunk.imports ?? []) walk(imp);
})(entryKey);

let total = 0;
const rows = [...new Set(files)].map((file) => {
  const gz = gzipSync(readFileSync(join(dist, file))).length;
  total += gz;
  return `  ${(gz / 1024).toFixed(1).padStart(8)} kB  ${file}`;
});
const lazy = Object.values(manifest).filter((c) => c.isDynamicEntry).length;
console.log(`\nInitial load (gzip), ${lazy} lazy route chunks not counted:`);
console.log(rows.join("\n"));
console.log(`  ${(total / 1024).toFixed(1).padStart(8)} kB  total (budget ${BUDGET_KB} kB)\n`);
if (total / 1024 > BUDGET_KB) {
  console.error(`initial JS+CSS ${(total / 1024).toFixed(1)} kB gzip exceeds ${BUDGET_KB} kB`);
  process.exit(1);
}
