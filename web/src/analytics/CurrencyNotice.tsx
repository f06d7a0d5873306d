// Says which currencies an analytics figure leaves out because they have no exchange
// rate — nothing when every amount was converted. Administrators get the way to fix it.
import { Alert, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { useAuth } from "../auth/AuthContext";
import type { CurrencyBlock } from "./currency";
import { mergeCurrency } from "./currency";

type Blocks = CurrencyBlock | null | undefined | (CurrencyBlock | null | undefined)[];

/** The notice as shown; `admin` (may create exchange rates) adds the link to them. */
export function CurrencyNoticeView({ currency, admin }: { currency: Blocks; admin: boolean }) {
  const { t } = useTranslation();
  const merged = mergeCurrency(Array.isArray(currency) ? currency : [currency]);
  if (!merged?.unconverted.length) return null;
  const currencies = merged.unconverted.join(t("currency.separator"));
  return (
    <Alert type="warning" showIcon style={{ marginBottom: 16 }} data-testid="currency-notice"
      title={t("currency.unconverted", { currencies })}
      description={admin ? <Link to="/o/exchange_rates" data-testid="currency-set-rates">{t("currency.setRates")}</Link>
        : t("currency.askAdmin")} />
  );
}

export default function CurrencyNotice({ currency }: { currency: Blocks }) {
  const { can } = useAuth();
  return <CurrencyNoticeView currency={currency} admin={can("exchange_rates", "create")} />;
}

/** "Amounts in CNY": beside figures drawn without a currency sign (charts, compact numbers). */
export function AmountsIn({ code }: { code: string | undefined }) {
  const { t } = useTranslation();
  if (!code) return null;
  return <Typography.Text type="secondary" data-testid="amounts-in">{t("currency.amountsIn", { code })}</Typography.Text>;
}
