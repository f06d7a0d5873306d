// A month-or-quarter picker for the analytics pages (forecast, targets): the kind
// switch resets the period to the current month or quarter.
import { useState } from "react";
import { Segmented, Select } from "antd";
import { useTranslation } from "react-i18next";
import type { PeriodKind } from "./periods";
import { monthOf, periodChoices, quarterOf } from "./periods";

const current = (kind: PeriodKind) => (kind === "month" ? monthOf(new Date()) : quarterOf(new Date()));

/** The picked period ("2026-11" or "2026-Q4") and its kind, starting at the current one. */
export function usePeriod(initial: PeriodKind) {
  const [kind, setKind] = useState<PeriodKind>(initial);
  const [period, setPeriod] = useState(() => current(initial));
  const pickKind = (k: PeriodKind) => { setKind(k); setPeriod(current(k)); };
  return { kind, period, setPeriod, pickKind };
}

export default function PeriodPicker({ kind, period, setPeriod, pickKind, testId }:
  ReturnType<typeof usePeriod> & { testId?: string }) {
  const { t } = useTranslation();
  return (
    <>
      <Segmented value={kind} onChange={(v) => pickKind(v as PeriodKind)} options={[
        { value: "month", label: t("analytics.period.month") },
        { value: "quarter", label: t("analytics.period.quarter") }]} />
      <Select aria-label={t("analytics.period.label")} style={{ width: 130 }} value={period} onChange={setPeriod}
        data-testid={testId} options={periodChoices(kind).map((p) => ({ value: p, label: p }))} />
    </>
  );
}
