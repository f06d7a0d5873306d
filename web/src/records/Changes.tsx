// A history entry's field changes as a person reads them: the field's label, and each
// value as the record shows it (choices by label, references by title, stages by
// name); structured values (lines, stages) only say that they changed. Shared by a
// record's timeline and the audit log.
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import type { ObjectMeta } from "../api/meta";
import { isBookkeeping } from "../api/meta";
import FieldValue from "./FieldValue";
import type { NameMap } from "./lookups";
import { roleKey } from "./lookups";

// Fields the history names that are not fields of the record: how to read them.
const EXTRA_FIELDS = new Set(["approval", "roles", "team", "password"]);

/** What a history entry's action reads as: never its code. */
export function actionLabel(t: TFunction, action: string | undefined): string {
  return t(`timeline.action.${action ?? "update"}`, { defaultValue: t("timeline.action.other") });
}

type Changes = Record<string, [unknown, unknown]> | null | undefined;

export function ChangeLines({ obj, changes, names, record, limit = 8 }: { obj: ObjectMeta | undefined;
  changes: Changes; names: NameMap; record?: Record<string, unknown>; limit?: number }) {
  const { t } = useTranslation();
  const fieldOf = (k: string) => obj?.fields.find((x) => x.api_name === k);
  const extraValue = (name: string, val: unknown): string => {
    if (val === null || val === undefined || val === "") return "—";
    if (name === "approval") return t(`timeline.approval.${String(val)}`,
      { defaultValue: t("timeline.approval.other") });
    if (name === "roles" && Array.isArray(val)) {
      return val.map((k) => names.get(roleKey(String(k))) ?? t("common.loadingName")).join("、");
    }
    return t("timeline.changed");
  };
  // A record's own fields, and the few others the history keeps (approval, roles …).
  const shown = Object.entries(changes ?? {}).filter(([k, v]) => Array.isArray(v)
    && (EXTRA_FIELDS.has(k) || (!!fieldOf(k) && !isBookkeeping(obj, k)))).slice(0, limit);
  return <>{shown.map(([k, v]) => {
    const f = fieldOf(k);
    const [before, after] = v;
    if (!f) return <div key={k}>{t(`timeline.field.${k}`)}: {extraValue(k, before)} → {extraValue(k, after)}</div>;
    // Structured values (lines, stages): that they changed, not their JSON.
    if (f.type === "json") return <div key={k}>{f.label} {t("timeline.changed")}</div>;
    const at = (n: 0 | 1) => ({ ...record, [k]: v[n],
      related_type: changes?.related_type?.[n] ?? record?.related_type });
    return <div key={k}>{f.label}: <FieldValue field={f} value={before} names={names} record={at(0)} />
      {" → "}<FieldValue field={f} value={after} names={names} record={at(1)} /></div>;
  })}</>;
}
