// Metadata: every object's fields as the server describes them (GET /meta/objects).
// Lists, detail pages and forms are rendered from this, for built-in and custom objects.
import { useQuery } from "@tanstack/react-query";
import { api } from "./client";

export type FieldType = "text" | "textarea" | "number" | "integer" | "money" | "date"
  | "datetime" | "boolean" | "picklist" | "multi_picklist" | "email" | "phone" | "url"
  | "lookup" | "json";

export interface FieldMeta {
  api_name: string;
  label: string;
  labels?: { en: string; "zh-CN": string };
  type: FieldType;
  required: boolean;
  options: string[] | null;
  option_labels?: Record<string, { en: string; "zh-CN": string }>;
  custom: boolean;
  readonly: boolean;
  target?: string;
  max_length?: number;
  help?: string;
  permission?: "hidden" | "readonly" | "masked" | null;
}

export interface ObjectMeta {
  api_name: string;
  label: string;
  labels?: { en: string; "zh-CN": string };
  custom: boolean;
  owned: boolean;
  name_field: string;
  /** Custom objects titled by an auto-number: its format, e.g. "EQ-{YYYY}-{0000}". */
  auto_number?: string | null;
  fields: FieldMeta[];
  permissions: string[];
}

export const SYSTEM_FIELDS = new Set(["id", "version", "created_at", "updated_at", "created_by"]);

export function fetchObjects(): Promise<ObjectMeta[]> {
  return api<{ items: ObjectMeta[] }>("meta/objects").then((r) => r.items);
}

export function useObjects() {
  return useQuery({
    queryKey: ["meta", "objects"],
    queryFn: fetchObjects,
    staleTime: 5 * 60_000,
  });
}

export function useObject(name: string | undefined): ObjectMeta | undefined {
  const { data } = useObjects();
  return data?.find((o) => o.api_name === name);
}

export function labelOf(item: { label: string; labels?: { en: string; "zh-CN": string } },
  lang: string): string {
  const key = lang.startsWith("zh") ? "zh-CN" : "en";
  return item.labels?.[key] ?? item.label;
}

export function fieldOf(obj: ObjectMeta | undefined, name: string): FieldMeta | undefined {
  return obj?.fields.find((f) => f.api_name === name);
}

/** The database's own bookkeeping, never shown to people as a value: a record's id and
 * version, and a role's key (integrations name roles by it; people by their names). */
export function isBookkeeping(obj: Pick<ObjectMeta, "api_name"> | undefined, field: string): boolean {
  return field === "id" || field === "version" || (obj?.api_name === "roles" && field === "key");
}

/** Can the current user edit this field? */
export function editable(f: FieldMeta): boolean {
  return !f.readonly && f.permission !== "readonly" && f.permission !== "masked"
    && !SYSTEM_FIELDS.has(f.api_name) && f.type !== "json";
}

/** The record's display name (name field, then common fallbacks, then — for objects
 * without any name, e.g. exchange rates — their first required text field). An object
 * titled by a lookup (price book entries: their product) takes that record's title
 * from `names`. Never the record's id: "" when nothing names it. */
export function recordTitle(obj: ObjectMeta | undefined, r: Record<string, unknown>,
  names?: Map<string, string>): string {
  const titleField = fieldOf(obj, obj?.name_field ?? "");
  if (titleField?.type === "lookup") {
    const id = r[titleField.api_name];
    return (typeof id === "string" && names?.get(id)) || "";
  }
  const firstText = obj?.fields.find((f) => f.type === "text" && f.required && !SYSTEM_FIELDS.has(f.api_name));
  const candidates = [obj?.name_field, "name", "title", "subject", "number", "code", firstText?.api_name];
  for (const c of candidates) {
    const v = c ? r[c] : undefined;
    if (typeof v === "string" && v) return v;
  }
  return "";
}
