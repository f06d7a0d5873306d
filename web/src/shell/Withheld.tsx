// A money figure the server withheld (null, because it sums a field the user's role hides
// or masks; docs/field-permissions.md): "—" with a tooltip saying why, never a 0.
import { Tooltip } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

export function Withheld() {
  const { t } = useTranslation();
  return (
    <Tooltip title={t("withheld.tooltip")}>
      <span data-testid="withheld" aria-label={t("withheld.tooltip")}>—</span>
    </Tooltip>
  );
}

/** `format(value)`, or the withheld mark when the server sent null. */
export function MoneyOrWithheld({ value, format }: { value: string | null | undefined;
  format: (v: string) => ReactNode }) {
  return value === null || value === undefined ? <Withheld /> : <>{format(value)}</>;
}

/** Props of an antd Statistic showing a money figure that may be withheld. */
export function moneyStatistic(value: string | null | undefined, format: (v: string) => string) {
  return { value: value ?? "—", formatter: () => <MoneyOrWithheld value={value} format={format} /> };
}
