// An editor for one field, chosen by its type. Values stay in the API's shapes:
// money and numbers as decimal strings, dates as YYYY-MM-DD, datetimes as ISO.
import { useEffect, useState } from "react";
import { DatePicker, Input, InputNumber, Select, Switch } from "antd";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";
import type { FieldMeta } from "../api/meta";
import { useObject } from "../api/meta";
import { useDebounced } from "../lib/useDebounced";
import { searchLookup } from "./lookups";
import { optionLabel } from "./options";

interface Props {
  field: FieldMeta;
  value?: unknown;
  onChange?: (value: unknown) => void;
  autoFocus?: boolean;
  /** Name to show for the current lookup value before the options load. */
  currentLabel?: string;
  id?: string;
}

export default function FieldInput({ field, value, onChange, autoFocus, currentLabel, id }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const common = { id, autoFocus, "aria-label": field.label };
  switch (field.type) {
    case "textarea":
      return <Input.TextArea {...common} value={(value as string) ?? ""} rows={3}
        maxLength={field.max_length} onChange={(e) => onChange?.(e.target.value)} />;
    case "money":
    case "number":
      return <InputNumber<string> {...common} stringMode style={{ width: "100%" }}
        value={value === null || value === undefined ? null : String(value)}
        precision={field.type === "money" ? 2 : undefined}
        inputMode="decimal" onChange={(v) => onChange?.(v === null || v === "" ? null : v)} />;
    case "integer":
      return <InputNumber {...common} style={{ width: "100%" }} precision={0}
        value={value as number | null} onChange={(v) => onChange?.(v)} />;
    case "date":
      return <DatePicker {...common} style={{ width: "100%" }}
        value={value ? dayjs(String(value)) : null}
        onChange={(d) => onChange?.(d ? d.format("YYYY-MM-DD") : null)} />;
    case "datetime":
      return <DatePicker {...common} showTime style={{ width: "100%" }}
        value={value ? dayjs(String(value)) : null}
        onChange={(d) => onChange?.(d ? d.format() : null)} />;
    case "boolean":
      return <Switch {...common} checked={!!value} onChange={(v) => onChange?.(v)} />;
    case "picklist":
    case "multi_picklist":
      return <Select {...common} allowClear style={{ width: "100%" }}
        mode={field.type === "multi_picklist" ? "multiple" : undefined}
        value={value ?? undefined} onChange={(v) => onChange?.(v ?? null)}
        options={(field.options ?? []).map((o) => ({ value: o,
          label: optionLabel(t, field, o, lang) }))} />;
    case "lookup":
      return <LookupSelect field={field} value={value as string | null} onChange={onChange}
        autoFocus={autoFocus} currentLabel={currentLabel} id={id} />;
    case "email":
      return <Input {...common} type="email" inputMode="email" value={(value as string) ?? ""}
        onChange={(e) => onChange?.(e.target.value)} maxLength={field.max_length} />;
    case "phone":
      return <Input {...common} type="tel" inputMode="tel" value={(value as string) ?? ""}
        onChange={(e) => onChange?.(e.target.value)} maxLength={field.max_length} />;
    case "url":
      return <Input {...common} type="url" inputMode="url" value={(value as string) ?? ""}
        onChange={(e) => onChange?.(e.target.value)} maxLength={field.max_length} />;
    default:
      return <Input {...common} value={(value as string) ?? ""} maxLength={field.max_length}
        onChange={(e) => onChange?.(e.target.value)} />;
  }
}

function LookupSelect({ field, value, onChange, autoFocus, currentLabel, id }: Props & {
  value: string | null }) {
  const { t } = useTranslation();
  const target = useObject(field.target);
  const [search, setSearch] = useState("");
  const q = useDebounced(search, 250);
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const [loading, setLoading] = useState(false);
  useEffect(() => {
    if (!field.target) return;
    let live = true;
    setLoading(true);
    searchLookup(target, field.target, q)
      .then((opts) => live && setOptions(opts))
      .catch(() => live && setOptions([]))
      .finally(() => live && setLoading(false));
    return () => { live = false; };
  }, [q, field.target, target]);
  const merged = value && currentLabel && !options.some((o) => o.value === value)
    ? [{ value, label: currentLabel }, ...options] : options;
  return <Select id={id} showSearch allowClear autoFocus={autoFocus} style={{ width: "100%" }}
    aria-label={field.label} value={value ?? undefined} filterOption={false}
    onSearch={setSearch} loading={loading} options={merged}
    placeholder={t("form.searchPlaceholder")}
    notFoundContent={loading ? t("common.loading") : t("common.noResults")}
    onChange={(v) => onChange?.(v ?? null)} />;
}
