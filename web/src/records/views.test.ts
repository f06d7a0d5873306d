import { describe, expect, it } from "vitest";
import type { ObjectMeta } from "../api/meta";
import { defaultColumns, filtersFromParams, filtersToQuery, operatorsFor } from "./views";
import { changedValues, conflictingFields, validateValues } from "./save";

const f = (api_name: string, type: string, extra = {}) => ({ api_name, label: api_name, type,
  required: false, options: null, custom: false, readonly: false, ...extra }) as ObjectMeta["fields"][0];
const accounts: ObjectMeta = {
  api_name: "accounts", label: "Accounts", custom: false, owned: true, name_field: "name", permissions: [],
  fields: [f("id", "text", { readonly: true }), f("version", "integer", { readonly: true }),
    f("name", "text", { required: true, max_length: 5 }), f("level", "picklist"), f("email", "email"),
    f("amount", "money"), f("notes", "textarea"), f("owner_id", "lookup", { target: "users" }),
    f("created_at", "datetime", { readonly: true })],
};
const t = ((k: string, o?: Record<string, unknown>) => `${k}${o?.field ? `:${o.field}` : ""}`) as never;

describe("list views", () => {
  it("turns filters into the API's query parameters and back", () => {
    const q = filtersToQuery([{ field: "level", op: "eq", value: "A" },
      { field: "amount", op: "gte", value: "100" }, { field: "email", op: "isnull", value: "" },
      { field: "name", op: "contains", value: "" }]);
    expect(q).toEqual({ level: "A", amount__gte: "100", email__isnull: "true" });
    const back = filtersFromParams(new URLSearchParams({ ...q, q: "x", sort: "-name" }), accounts);
    expect(back).toEqual([{ field: "level", op: "eq", value: "A" },
      { field: "amount", op: "gte", value: "100" }, { field: "email", op: "isnull", value: "true" }]);
  });

  it("offers operators that fit the field type", () => {
    expect(operatorsFor(f("x", "money"))).toContain("gte");
    expect(operatorsFor(f("x", "text"))).toContain("contains");
    expect(operatorsFor(f("x", "boolean"))).toEqual(["eq"]);
  });

  it("shows the name first and owner and creation last by default", () => {
    expect(defaultColumns(accounts)).toEqual(["name", "level", "email", "amount", "owner_id", "created_at"]);
  });
});

describe("saving", () => {
  it("checks required, length, email and money like the server", () => {
    expect(validateValues(accounts.fields, { name: "  " }, t, true)).toEqual({ name: "form.required:name" });
    expect(validateValues(accounts.fields, { name: "toolong" }, t, true)).toEqual({ name: "form.tooLong" });
    expect(validateValues(accounts.fields, { name: "ok", email: "nope", amount: "1.234" }, t, true))
      .toEqual({ email: "form.email", amount: "form.money" });
    expect(validateValues(accounts.fields, { level: "A" }, t, false)).toEqual({}); // partial edit
  });

  it("sends only what changed, trimmed, with blanks as null", () => {
    const rec = { id: "1", version: 3, name: "Acme", level: "A", email: null };
    expect(changedValues(accounts.fields, rec, { name: "Acme ", level: "B", email: "", id: "2" }))
      .toEqual({ level: "B" });
  });

  it("finds fields both people changed differently", () => {
    const base = { name: "A", level: "A", email: "a@x.io" };
    const mine = { name: "B", level: "C" };
    const theirs = { name: "C", level: "A", email: "z@x.io" };
    expect(conflictingFields(base, mine, theirs)).toEqual(["name"]);
  });
});
