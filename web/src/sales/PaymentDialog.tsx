// Record a payment (回款) against an order: amount defaults to what is still owed.
import { useRef, useState } from "react";
import { Alert, App, DatePicker, Form, Input, InputNumber, Modal, Select, Typography } from "antd";
import dayjs from "dayjs";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { ApiError, api } from "../api/client";
import type { RecordData } from "../api/client";
import { useObject } from "../api/meta";
import { isoDate } from "../lib/dates";
import { compare, formatMoney, subtract } from "../lib/money";
import { optionLabel } from "../records/options";

export default function PaymentDialog({ order, onClose }: { order: RecordData; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const payments = useObject("payments");
  const method = payments?.fields.find((f) => f.api_name === "method");
  const receivable = (order.receivable as string) ?? "0.00";
  const [amount, setAmount] = useState<string | null>(receivable);
  const [paidOn, setPaidOn] = useState(isoDate());
  const [how, setHow] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inFlight = useRef(false);
  const over = amount && compare(amount, receivable) > 0;

  const save = async () => {
    if (inFlight.current) return;
    if (!amount || compare(amount, "0") <= 0) { setErrors({ amount: t("payment.amountRequired") }); return; }
    inFlight.current = true;
    setBusy(true);
    setError(null);
    try {
      await api("payments", { body: { order_id: order.id, amount, paid_on: paidOn, method: how } });
      const currency = (order.currency as string) ?? "CNY";
      const left = subtract(receivable, amount);
      message.success(compare(left, "0") > 0
        ? t("flows.paymentRecorded", { amount: formatMoney(amount, currency), left: formatMoney(left, currency) })
        : t("flows.paymentRecordedDone", { amount: formatMoney(amount, currency) }));
      await Promise.all([
        qc.invalidateQueries({ queryKey: ["overview"] }),
        qc.invalidateQueries({ queryKey: ["record", "orders", order.id] }),
        qc.invalidateQueries({ queryKey: ["list"] }),
      ]);
      onClose();
    } catch (err) {
      if (err instanceof ApiError) { setErrors(err.fieldErrors); setError(err.message); }
      else setError(t("error.network"));
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  };
  return (
    <Modal open title={t("payment.title")} onCancel={onClose} onOk={save} confirmLoading={busy}
      okText={t("payment.save")} okButtonProps={{ "data-testid": "payment-save" } as Record<string, string>}>
      <Typography.Paragraph>
        {t("payment.owed", { amount: formatMoney(receivable, (order.currency as string) || "CNY") })}
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form layout="vertical">
        <Form.Item label={t("payment.amount")} required validateStatus={errors.amount ? "error" : over ? "warning" : ""}
          help={errors.amount ?? (over ? t("payment.over") : undefined)}>
          <InputNumber<string> stringMode precision={2} min="0" style={{ width: "100%" }} value={amount}
            onChange={(v) => { setAmount(v); setErrors({}); }} inputMode="decimal"
            data-testid="payment-amount" />
        </Form.Item>
        <Form.Item label={t("payment.paidOn")} required validateStatus={errors.paid_on ? "error" : ""}
          help={errors.paid_on}>
          <DatePicker style={{ width: "100%" }} value={dayjs(paidOn)} allowClear={false}
            onChange={(d) => d && setPaidOn(d.format("YYYY-MM-DD"))} />
        </Form.Item>
        <Form.Item label={method?.label ?? t("payment.method")} validateStatus={errors.method ? "error" : ""}
          help={errors.method}>
          {method?.options ? (
            <Select allowClear value={how} onChange={setHow} options={method.options.map((o) => ({
              value: o, label: optionLabel(t, method, o, i18n.language) }))} />
          ) : <Input value={how ?? ""} onChange={(e) => setHow(e.target.value || null)} maxLength={50} />}
        </Form.Item>
      </Form>
    </Modal>
  );
}
