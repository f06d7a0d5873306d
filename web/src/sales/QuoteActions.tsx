// Quote actions: edit lines, and turn an accepted quote into an order.
import { App, Button, Space } from "antd";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { api } from "../api/client";
import type { RecordData } from "../api/client";

export default function QuoteActions({ quote }: { quote: RecordData }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
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
    </Space>
  );
}
