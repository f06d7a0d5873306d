// Order actions on its page: edit lines, record a payment, submit for approval.
import { useState } from "react";
import { App, Button, Space } from "antd";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { api } from "../api/client";
import type { RecordData } from "../api/client";
import { useObject } from "../api/meta";
import PaymentDialog from "./PaymentDialog";
import { takesPayment } from "./payable";

export default function OrderActions({ order }: { order: RecordData }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const payments = useObject("payments");
  const [paying, setPaying] = useState(false);
  const status = order.status as string | undefined;
  const submit = async () => {
    try {
      // With no flow that applies, the server approves at once: say so, not "submitted".
      const res = await api<{ status: string }>(`orders/${order.id}/submit`, { method: "POST" });
      message.success(res.status === "approved" ? t("flows.approvedAtOnce") : t("flows.submittedTo"));
    } catch (err) {
      message.error((err as Error).message);
    }
    void qc.invalidateQueries({ queryKey: ["record", "orders", order.id] });
  };
  return (
    <Space wrap>
      {(!status || status === "draft" || status === "rejected") && (
        <>
          <Button onClick={() => navigate(`/orders/${order.id}/edit`)} data-testid="order-edit-lines">
            {t("order.editLines")}</Button>
          <Button onClick={() => void submit()}>{t("order.submit")}</Button>
        </>
      )}
      {payments?.permissions.includes("create") && takesPayment(order) && (
        <Button type="primary" onClick={() => setPaying(true)} data-testid="record-payment">
          {t("payment.record")}</Button>
      )}
      {paying && <PaymentDialog order={order} onClose={() => setPaying(false)} />}
    </Space>
  );
}
