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
