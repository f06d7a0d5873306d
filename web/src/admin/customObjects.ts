// Custom objects: the body POST /meta/objects takes from the admin's form.

export interface FieldRow { label?: string; api_name?: string; type?: string; options?: string;
  target?: string; required?: boolean }

/** Letters, digits and _ from a label, starting with a letter: "Service tickets" → "service_tickets". */
export function suggestApiName(label: string): string {
  const s = label.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "_").replace(/^[^a-z]+|_+$/g, "");
  return s.slice(0, 63);
}

/** Both languages filled: a label left blank in one takes the other's. */
export function bothLabels(zh?: string, en?: string): { en: string; "zh-CN": string } {
  const z = (zh ?? "").trim();
  const e = (en ?? "").trim();
  return { en: e || z, "zh-CN": z || e };
}

export function splitOptions(text: string | undefined): string[] | undefined {
  if (!text) return undefined;
  const items = text.split(/[,，\n]/).map((s) => s.trim()).filter(Boolean);
  return items.length ? items : undefined;
}

export interface TitleChoice { title_mode?: "field" | "auto"; title_field?: string; auto_number?: string }

/** The record title: a text field (none chosen: the server takes the first required one,
 * else numbers the records), or an auto-number format such as EQ-{YYYY}-{0000}. */
export function titleBody(v: TitleChoice): { field: string } | { auto_number: string } | undefined {
  if (v.title_mode === "auto") return { auto_number: (v.auto_number ?? "").trim() };
  return v.title_field ? { field: v.title_field } : undefined;
}

export function objectBody(v: { api_name: string; zh?: string; en?: string; fields?: FieldRow[] } & TitleChoice) {
  const title = titleBody(v);
  return { api_name: v.api_name, labels: bothLabels(v.zh, v.en), ...(title ? { title } : {}),
    fields: (v.fields ?? []).filter((f) => f.label && f.api_name).map((f) => ({
      api_name: f.api_name, label: f.label!.trim(), type: f.type ?? "text", required: !!f.required,
      ...(f.type === "picklist" || f.type === "multi_picklist" ? { options: splitOptions(f.options) } : {}),
      ...(f.type === "lookup" ? { target: f.target } : {}) })) };
}

export interface DeletedObject { api_name: string; label: string; deleted_at: string }
