// Quote actions: edit lines, turn an accepted quote into an order, or take the next
// step to a contract with the quote's customer, deal and amount filled in.
import { useState } from "react";
import { App, Button, Space } from "antd";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { api } from "../api/client";
import type { RecordData } from "../api/client";
import { useObject } from "../api/meta";
import RecordForm from "../records/RecordForm";

export default function QuoteActions({ quote }: { quote: RecordData }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const contracts = useObject("contracts");
  const [contracting, setContracting] = useState(false);
  const toOrder = async () => {
    try {
      const order = await api<RecordData>(`quotes/${quote.id}/convert_to_order`, { method: "POST" });
      message.success(t("quote.ordered"));
      void qc.invalidateQueries({ queryKey: ["record", "quotes", quote.id] });
      navigate(`/o/orders/${order.id ?? order.order_id}`);
    } catch (err) {
      message.error((err as Error).message);
    }
  };
  return (
    <Space wrap>
      {!quote.order_id && <Button onClick={() => navigate(`/quotes/${quote.id}/edit`)}>{t("quote.editLines")}</Button>}
      {!quote.order_id && <Button type="primary" onClick={() => void toOrder()}>{t("quote.toOrder")}</Button>}
      <Button onClick={() => navigate(`/quotes/${quote.id}/print`)} data-testid="quote-print-open">
        {t("quotePrint.open")}</Button>
      {contracts?.permissions.includes("create") && <Button onClick={() => setContracting(true)}
        data-testid="quote-to-contract">{t("flows.toContract")}</Button>}
      <RecordForm object="contracts" open={contracting} title={t("flows.toContract")}
        initial={{ account_id: quote.account_id, opportunity_id: quote.opportunity_id ?? undefined,
          name: String(quote.name ?? quote.number ?? ""), amount: quote.total,
          currency: quote.currency ?? "CNY" }}
        onClose={() => setContracting(false)}
        onSaved={(c) => {
          setContracting(false);
          message.success(t("flows.contractCreated"));
          navigate(`/o/contracts/${c.id}`);
        }} />
    </Space>
  );
}
