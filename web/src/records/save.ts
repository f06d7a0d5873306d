// Pure helpers for saving records: client-side checks that mirror the server's,
// and the PATCH body with only what changed.
import type { TFunction } from "i18next";
import type { FieldMeta } from "../api/meta";
import { editable } from "../api/meta";
import { ApiError } from "../api/client";

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const MONEY = /^-?\d{1,16}(\.\d{1,2})?$/;
const NUMBER = /^-?\d{1,15}(\.\d+)?$/;

const empty = (v: unknown) => v === null || v === undefined || v === "" ||
  (Array.isArray(v) && v.length === 0);

/** The same checks the server makes first, so most mistakes show before a round trip. */
export function validateValues(fields: FieldMeta[], values: Record<string, unknown>,
  t: TFunction, creating: boolean): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const f of fields) {
    if (!editable(f)) continue;
    const v = values[f.api_name];
    if (empty(v)) {
      // On edit only fields present in the body are checked, like the server.
      if (f.required && (creating || f.api_name in values)) {
        errors[f.api_name] = t("form.required", { field: f.label });
      }
      continue;
    }
    if (typeof v === "string") {
      if (f.required && !v.trim()) errors[f.api_name] = t("form.required", { field: f.label });
      else if (f.max_length && v.length > f.max_length) {
        errors[f.api_name] = t("form.tooLong", { max: f.max_length });
      } else if (f.type === "email" && !EMAIL.test(v.trim())) errors[f.api_name] = t("form.email");
      else if (f.type === "money" && !MONEY.test(v)) errors[f.api_name] = t("form.money");
      else if (f.type === "number" && !NUMBER.test(v)) errors[f.api_name] = t("form.number");
      else if (f.type === "url" && !/^https?:\/\/\S+$/i.test(v.trim())) {
        errors[f.api_name] = t("form.url");
      }
    }
  }
  return errors;
}

/** Normalize a form value for the API (trim text, "" → null). */
export function cleanValue(f: FieldMeta | undefined, v: unknown): unknown {
  if (typeof v === "string") {
    const s = f && ["text", "email", "phone", "url"].includes(f.type) ? v.trim() : v;
    return s === "" ? null : s;
  }
  return v === undefined ? null : v;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Only the fields whose value differs from the record as read. */
export function changedValues(fields: FieldMeta[], original: Record<string, unknown>,
  values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (!(f.api_name in values) || !editable(f)) continue;
    const v = cleanValue(f, values[f.api_name]);
    if (!same(v, original[f.api_name])) out[f.api_name] = v;
  }
  return out;
}

/** The fields two people changed differently: mine (unsaved) vs. theirs (saved since). */
export function conflictingFields(base: Record<string, unknown>, mine: Record<string, unknown>,
  theirs: Record<string, unknown>): string[] {
  return Object.keys(mine).filter((k) => !same(mine[k], theirs[k]) && !same(base[k], theirs[k]));
}

export function isStale(err: unknown): err is ApiError {
  return err instanceof ApiError && err.status === 409 && err.code === "error.stale_version";
}

/** The duplicate check's warning, which `?allow_duplicate=true` overrides. Other
 * conflicts (a currency that has a rate already, a unique number) cannot be saved
 * anyway: their messages go on their fields. */
export function isDuplicate(err: unknown): err is ApiError {
  return err instanceof ApiError && err.status === 409 && err.code === "dedupe.duplicate";
}
