// The import page's guidance (issue 10): each date column's format, chosen seeing how
// the first rows read (POST /imports/preview), and every row error of a run, fetched a
// page at a time (GET /imports/{id}/errors) beyond the 1,000 the status carries.

export const DATE_FORMATS = ["auto", "YYYY-MM-DD", "DD/MM/YYYY", "DD-MM-YY", "MM/DD/YYYY", "YYYY/M/D",
  "excel", "YYYY年M月D日"] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

export interface PreviewSample { row: number; raw: string; value: unknown; error: string | null }
export interface PreviewColumn {
  column: string; field: string; type: string | null; samples: PreviewSample[];
  date_format?: DateFormat; suggested_format?: DateFormat | null;
}
export interface Preview { headers: string[]; ignored?: string[]; columns: PreviewColumn[]; rows: number }

export interface RowError { row: number; field: string; column?: string | null; message: string }
export interface ErrorsPage { items: RowError[]; total: number; next_offset: number | null }

export function isDateColumn(c: PreviewColumn): boolean {
  return c.type === "date" || c.type === "datetime";
}

/** The formats to send: only columns whose format is not "auto" (the server's default). */
export function chosenFormats(formats: Record<string, DateFormat>): Record<string, DateFormat> {
  return Object.fromEntries(Object.entries(formats).filter(([, f]) => f && f !== "auto"));
}

/** A sample as the preview shows it: the value read, or the reason it is not read. */
export function sampleText(s: PreviewSample): { text: string; ok: boolean } {
  if (s.error) return { text: s.error, ok: false };
  if (s.value === null || s.value === undefined || s.value === "") return { text: "—", ok: true };
  return { text: Array.isArray(s.value) ? s.value.join("; ") : String(s.value), ok: true };
}

/** How many samples of a column do not read: the date columns to look at first. */
export function unreadCount(c: PreviewColumn): number {
  return c.samples.filter((s) => s.error).length;
}

/**
 * Every error of an import, in file order: the status's first page, then the rest a
 * page at a time until the server says there is no next page.
 */
export async function allErrors(fetchPage: (offset: number) => Promise<ErrorsPage>,
  first: RowError[] = [], total = first.length): Promise<RowError[]> {
  const out = [...first];
  let offset: number | null = out.length < total ? out.length : null;
  while (offset !== null) {
    const page = await fetchPage(offset);
    out.push(...page.items);
    offset = page.items.length ? page.next_offset : null;
  }
  return out;
}

/**
 * How a field is named on the page: its label in the reader's language, else the file's
 * column it came from (a target such as a user's roles, which is not a field), never the
 * internal api name when either is known.
 */
export function fieldTitle(fields: { api_name: string; label: string; labels?: { en: string; "zh-CN": string } }[],
  field: string, column: string | null | undefined, lang: string): string {
  const found = fields.find((f) => f.api_name === field);
  if (found) return found.labels?.[lang.startsWith("zh") ? "zh-CN" : "en"] ?? found.label;
  return column || field;
}
