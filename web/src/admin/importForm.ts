// The multipart form of POST /imports built by the import wizard. A migration
// (administrators, deals) keeps dates and stage history; a stage-history file is read by
// its own headers (deal, stage, entered on), so no field mapping goes with it.
import { chosenFormats, type DateFormat } from "./importPreview";

export interface ImportChoice {
  file: Blob;
  object: string;
  dryRun: boolean;
  mapping: Record<string, string | null>;
  migration?: boolean;
  kind?: "records" | "stage_history";
  // file column → how its dates are written (issue 10); "auto" ones are not sent.
  dateFormats?: Record<string, DateFormat>;
}

export function importForm(c: ImportChoice): FormData {
  const form = new FormData();
  form.append("file", c.file);
  form.append("object", c.object);
  form.append("dry_run", String(c.dryRun));
  const history = c.kind === "stage_history";
  if (history) form.append("kind", "stage_history");
  else if (c.migration) form.append("migration", "true");
  const used = Object.fromEntries(Object.entries(c.mapping).filter(([, v]) => v));
  if (Object.keys(used).length && !history) form.append("mapping", JSON.stringify(used));
  const formats = chosenFormats(c.dateFormats ?? {});
  if (Object.keys(formats).length && !history) form.append("date_formats", JSON.stringify(formats));
  return form;
}

// A saved column mapping (GET/POST /import_mappings): its date formats come back with
// it, so the next file of the same shape reads its dates as the last one did.
export interface SavedMapping {
  id: string; name: string; object: string; mapping: Record<string, string>;
  date_formats?: Record<string, DateFormat>;
}

/** The wizard's state for this file's headers from a saved mapping: columns it names are
 * mapped (the others skipped), and the date formats of those columns chosen. */
export function applySaved(headers: string[], saved: SavedMapping): {
  mapping: Record<string, string | null>; dateFormats: Record<string, DateFormat>;
} {
  const mapping = Object.fromEntries(headers.map((h) => [h, saved.mapping[h] ?? null]));
  const dateFormats = Object.fromEntries(Object.entries(saved.date_formats ?? {})
    .filter(([column]) => headers.includes(column)));
  return { mapping, dateFormats };
}

/** The body of POST /import_mappings: the chosen columns and their non-automatic formats. */
export function savedMappingBody(name: string, object: string, mapping: Record<string, string | null>,
  dateFormats: Record<string, DateFormat>): { name: string; object: string;
  mapping: Record<string, string>; date_formats: Record<string, DateFormat> } {
  const used = Object.fromEntries(Object.entries(mapping).filter((e): e is [string, string] => !!e[1]));
  const formats = Object.fromEntries(Object.entries(chosenFormats(dateFormats))
    .filter(([column]) => column in used));
  return { name: name.trim(), object, mapping: used, date_formats: formats };
}
