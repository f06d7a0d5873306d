// List views: filters, sort and columns, kept in the URL (shareable) and saved on the
// server (/api/v1/views: mine, or shared with my department or the whole company).
import type { FieldMeta, ObjectMeta } from "../api/meta";
import { isBookkeeping } from "../api/meta";

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
  const fields = obj.fields.filter((f) => !skip.has(f.api_name) && !isBookkeeping(obj, f.api_name)
    && f.type !== "textarea"
    && f.type !== "json" && f.permission !== "hidden");
  const name = fields.find((f) => f.api_name === obj.name_field);
  const rest = fields.filter((f) => f !== name && f.api_name !== "created_at"
    && f.api_name !== "owner_id").slice(0, 6);
  const tail = ["owner_id", "created_at"].filter((n) => fields.some((f) => f.api_name === n));
  return [...(name ? [name.api_name] : []), ...rest.map((f) => f.api_name), ...tail];
}

/** A saved view as the server returns it (its fields already cut to what I may see). */
export interface SavedView extends Omit<View, "q"> {
  id: string; object: string; sharing: Sharing; owner_id: string | null;
  owner_name: string | null; mine: boolean; can_edit: boolean; is_default: boolean;
  version: number; q?: string | null;
}
export type Sharing = "private" | "department" | "all";
export interface ViewList { items: SavedView[]; default_id: string | null }

/** "My views" first, then "Shared with me", each by name as the server sorts them. */
export function groupViews(views: SavedView[]): { mine: SavedView[]; shared: SavedView[] } {
  return { mine: views.filter((v) => v.mine), shared: views.filter((v) => !v.mine) };
}

/** The URL state a view stands for (search, sort, filters, and which view it is). */
export function viewParams(view: Pick<SavedView, "id" | "filters" | "sort" | "q">): URLSearchParams {
  const p = new URLSearchParams();
  p.set("view", view.id);
  if (view.q) p.set("q", view.q);
  if (view.sort && view.sort !== "-created_at") p.set("sort", view.sort);
  Object.entries(filtersToQuery(view.filters)).forEach(([k, v]) => p.set(k, v));
  return p;
}

/** The list shows a view unchanged when its search, sort, filters and columns match. */
export function matchesView(view: SavedView, state: { q: string; sort: string; filters: Filter[];
  columns: string[] }): boolean {
  const same = (a: Record<string, string>, b: Record<string, string>) =>
    JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());
  return (view.q ?? "") === state.q && (view.sort || "-created_at") === state.sort
    && same(filtersToQuery(view.filters), filtersToQuery(state.filters))
    && (!view.columns.length || view.columns.join() === state.columns.join());
}

/** The body that saves the list as it is now. */
export function viewBody(state: { q: string; sort: string; filters: Filter[]; columns: string[] }) {
  return { filters: state.filters.filter((f) => f.value !== "" || f.op === "isnull")
    .map((f) => ({ field: f.field, op: f.op, value: f.op === "isnull" ? (f.value || "true") : f.value })),
  sort: state.sort, columns: state.columns, q: state.q || null };
}

// Views saved before they moved to the server lived in localStorage: moved once.
const legacyKey = (object: string) => `salescrm.views.${object}`;

export function legacyViews(object: string): View[] {
  try {
    const views = JSON.parse(localStorage.getItem(legacyKey(object)) ?? "[]") as unknown;
    return Array.isArray(views) ? views.filter((v): v is View => !!v && typeof v.name === "string"
      && Array.isArray(v.filters) && Array.isArray(v.columns)) : [];
  } catch {
    return [];
  }
}

/** Keep only the legacy views that could not be moved (tried again next time). */
export function keepLegacyViews(object: string, left: View[]): void {
  if (left.length) localStorage.setItem(legacyKey(object), JSON.stringify(left));
  else localStorage.removeItem(legacyKey(object));
}

export function legacyBody(object: string, v: View): ViewBody {
  return { object, name: v.name.trim().slice(0, 100) || "View", sharing: "private" as const,
    ...viewBody({ q: v.q ?? "", sort: v.sort || "-created_at", filters: v.filters, columns: v.columns }) };
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

export interface ViewBody { object: string; name: string; sharing: Sharing; filters: Filter[];
  sort: string; columns: string[]; q: string | null }

/** A legacy view the server refused in part: the same view without the fields it named
 * (a field since removed or hidden), so the rest of it is still kept. */
export function withoutRejected(body: ViewBody, errors: { field?: string }[]): ViewBody {
  const bad = (prefix: string) => new Set(errors.map((e) => e.field ?? "")
    .map((f) => f.match(new RegExp(`^${prefix}\\[(\\d+)\\]`))?.[1]).filter(Boolean).map(Number));
  const badFilters = bad("filters");
  const badColumns = bad("columns");
  const whole = (name: string) => errors.some((e) => e.field === name);
  return { ...body,
    filters: whole("filters") ? [] : body.filters.filter((_, i) => !badFilters.has(i)),
    columns: whole("columns") ? [] : body.columns.filter((_, i) => !badColumns.has(i)),
    sort: whole("sort") ? "-created_at" : body.sort,
    q: whole("q") ? null : body.q };
}
