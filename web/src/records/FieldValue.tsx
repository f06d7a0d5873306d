// A field's value, read-only, formatted by its type.
// Plain markup on purpose: a list renders hundreds of these (see bench/web_load.py).
import { Typography } from "antd";
import { CheckOutlined, MinusOutlined } from "@ant-design/icons";
import { Link } from "react-router-dom";
import { useTranslation } from "react-i18next";
import type { FieldMeta } from "../api/meta";
import { formatDate, formatDateTime } from "../lib/dates";
import { formatMoney, groupDigits, isDecimal } from "../lib/money";
import type { NameMap } from "./lookups";
import { objectKey, stageName } from "./lookups";
import { optionLabel } from "./options";

interface Props {
  field: FieldMeta;
  value: unknown;
  record?: Record<string, unknown>;
  names?: NameMap;
}

export default function FieldValue({ field, value, record, names }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  if (value === null || value === undefined || value === "" ||
    (Array.isArray(value) && value.length === 0)) {
    return <span className="empty-value">—</span>;
  }
  // References and keys that are text fields: a stage key, a polymorphic pair.
  if (field.api_name === "stage" && typeof value === "string") {
    return <span className="pick-tag">{stageName(names, value, record?.pipeline_id) ?? value}</span>;
  }
  if (field.api_name === "related_type" && typeof value === "string") {
    return <>{names?.get(objectKey(value)) ?? t("common.loadingName")}</>;
  }
  if (field.api_name === "related_id" && typeof record?.related_type === "string") {
    const id = String(value);
    return <Link to={`/o/${record.related_type}/${id}`} onClick={(e) => e.stopPropagation()}>
      {names?.get(id) ?? t("common.loadingName")}</Link>;
  }
  switch (field.type) {
    case "money":
      return <span className="money">{formatMoney(String(value),
        (record?.currency as string) || "CNY")}</span>;
    case "number":
      return <span className="money">{isDecimal(String(value)) ? groupDigits(String(value))
        : String(value)}</span>;
    case "date":
      return <>{formatDate(String(value), lang)}</>;
    case "datetime":
      return <>{formatDateTime(String(value), lang)}</>;
    case "boolean":
      return value ? <CheckOutlined aria-label={t("common.yes")} />
        : <MinusOutlined aria-label={t("common.no")} />;
    case "picklist":
      return <span className="pick-tag">{optionLabel(t, field, String(value), lang)}</span>;
    case "multi_picklist":
      return <>{(value as string[]).map((v) => <span key={v} className="pick-tag">
        {optionLabel(t, field, v, lang)}</span>)}</>;
    case "url":
      return <a href={String(value)} target="_blank" rel="noreferrer noopener">{String(value)}</a>;
    case "email":
      return <a href={`mailto:${value}`}>{String(value)}</a>;
    case "phone":
      return <a href={`tel:${value}`}>{String(value)}</a>;
    case "lookup": {
      const id = String(value);
      const name = names?.get(id);
      return field.target
        ? <Link to={`/o/${field.target}/${id}`} onClick={(e) => e.stopPropagation()}>
          {name ?? t("common.loadingName")}</Link>
        : <>{name ?? t("common.loadingName")}</>;
    }
    case "json":
      return <Typography.Text code>{JSON.stringify(value).slice(0, 120)}</Typography.Text>;
    default:
      return <>{String(value)}</>;
  }
}
