// List views: filters, sort and columns, kept in the URL (shareable) and saved per
// user and object in localStorage ("my views").
import type { FieldMeta, ObjectMeta } from "../api/meta";

export interface Filter { field: string; op: string; value: string }
export interface View { name: string; filters: Filter[]; sort: string; columns: string[]; q?: string }

export const OPERATORS_BY_TYPE: Record<string, string[]> = {
  text: ["contains", "eq", "ne", "isnull"],
  textarea: ["contains", "isnull"],
  email: ["contains", "eq", "isnull"],
  phone: ["contains", "eq", "isnull"],
  url: ["contains", "isnull"],
  picklist: ["eq", "ne", "in", "isnull"],
  multi_picklist: ["contains", "isnull"],
  lookup: ["eq", "ne", "isnull"],
  boolean: ["eq"],
  money: ["gte", "lte", "eq", "gt", "lt", "isnull"],
  number: ["gte", "lte", "eq", "gt", "lt", "isnull"],
  integer: ["gte", "lte", "eq", "gt", "lt", "isnull"],
  date: ["gte", "lte", "eq", "isnull"],
  datetime: ["gte", "lte", "isnull"],
};

export function operatorsFor(f: FieldMeta): string[] {
  return OPERATORS_BY_TYPE[f.type] ?? ["eq"];
}

/** Filters → list query parameters (`field`, `field__op`). */
export function filtersToQuery(filters: Filter[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of filters) {
    if (f.value === "" && f.op !== "isnull") continue;
    out[f.op === "eq" ? f.field : `${f.field}__${f.op}`] = f.op === "isnull" ? (f.value || "true")
      : f.value;
  }
  return out;
}

/** URL search params → filters, for the fields the object has. */
export function filtersFromParams(params: URLSearchParams, obj: ObjectMeta | undefined): Filter[] {
  const out: Filter[] = [];
  const names = new Set(obj?.fields.map((f) => f.api_name));
  params.forEach((value, key) => {
    const [field, op = "eq"] = key.split("__");
    if (names.has(field)) out.push({ field, op, value });
  });
  return out;
}

/** Columns shown before the user picks: the name, then the first useful fields. */
export function defaultColumns(obj: ObjectMeta): string[] {
  const skip = new Set(["id", "version", "created_by", "updated_at", "description", "custom"]);
  const fields = obj.fields.filter((f) => !skip.has(f.api_name) && f.type !== "textarea"
    && f.type !== "json" && f.permission !== "hidden");
  const name = fields.find((f) => f.api_name === obj.name_field);
  const rest = fields.filter((f) => f !== name && f.api_name !== "created_at"
    && f.api_name !== "owner_id").slice(0, 6);
  const tail = ["owner_id", "created_at"].filter((n) => fields.some((f) => f.api_name === n));
  return [...(name ? [name.api_name] : []), ...rest.map((f) => f.api_name), ...tail];
}

const key = (object: string) => `salescrm.views.${object}`;

export function loadViews(object: string): View[] {
  try {
    return JSON.parse(localStorage.getItem(key(object)) ?? "[]") as View[];
  } catch {
    return [];
  }
}

export function saveView(object: string, view: View): View[] {
  const views = [...loadViews(object).filter((v) => v.name !== view.name), view];
  localStorage.setItem(key(object), JSON.stringify(views));
  return views;
}

export function deleteView(object: string, name: string): View[] {
  const views = loadViews(object).filter((v) => v.name !== name);
  localStorage.setItem(key(object), JSON.stringify(views));
  return views;
}

export function loadColumns(object: string): string[] | null {
  try {
    return JSON.parse(localStorage.getItem(`salescrm.columns.${object}`) ?? "null");
  } catch {
    return null;
  }
}

export function storeColumns(object: string, columns: string[]): void {
  localStorage.setItem(`salescrm.columns.${object}`, JSON.stringify(columns));
}
