// Labels of picklist values: the server's own labels when it sends them, else our
// translations of the built-in values (pick.<field>.<value>), else the raw value.
import type { TFunction } from "i18next";
import type { FieldMeta } from "../api/meta";

export function optionLabel(t: TFunction, field: FieldMeta, value: string, lang: string): string {
  const server = field.option_labels?.[value];
  if (server) return lang.startsWith("zh") ? server["zh-CN"] : server.en;
  return t(`pick.${field.api_name}.${value}`, { defaultValue: value });
}
