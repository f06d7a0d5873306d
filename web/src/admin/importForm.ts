// The multipart form of POST /imports built by the import wizard. A migration
// (administrators, deals) keeps dates and stage history; a stage-history file is read by
// its own headers (deal, stage, entered on), so no field mapping goes with it.
export interface ImportChoice {
  file: Blob;
  object: string;
  dryRun: boolean;
  mapping: Record<string, string | null>;
  migration?: boolean;
  kind?: "records" | "stage_history";
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
  return form;
}
