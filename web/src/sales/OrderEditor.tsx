// Order and quote editor: customer, product lines and a live total computed on decimal
// strings, exactly as the server will (see orderLines.ts).
import { useEffect, useRef, useState } from "react";
import { Alert, Button, Card, Form, InputNumber, Result, Skeleton, Space, Table, Typography } from "antd";
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams, useSearchParams } from "react-router-dom";
import { ApiError, NetworkError, api } from "../api/client";
import type { RecordData } from "../api/client";
import { editable, useObject } from "../api/meta";
import type { FieldMeta } from "../api/meta";
import { formatMoney } from "../lib/money";
import FieldInput from "../records/FieldInput";
import type { Line } from "./orderLines";
import { lineAmount, linesForApi, linesFromApi, newLine, orderTotal } from "./orderLines";

const HEADER_FIELDS: Record<string, string[]> = {
  orders: ["account_id", "contract_id", "opportunity_id", "ordered_on", "currency"],
  quotes: ["name", "account_id", "opportunity_id", "contact_id", "valid_until", "currency"],
};

export default function OrderEditor({ object = "orders" }: { object?: "orders" | "quotes" }) {
  const { id } = useParams();
  const [params] = useSearchParams();
  const { t } = useTranslation();
  const orders = useObject(object);
  const existing = useQuery({ queryKey: ["record", object, id], queryFn: () => api<RecordData>(`${object}/${id}`),
    enabled: !!id });
  if (!orders) return <Skeleton active />;
  if (!orders.permissions.includes(id ? "update" : "create")) {
    return <Result status="403" title={t("error.forbidden")} />;
  }
  if (id && existing.isLoading) return <Skeleton active />;
  const initial = existing.data ?? { account_id: params.get("account_id"),
    opportunity_id: params.get("opportunity_id") };
  return <Editor key={id ?? "new"} object={object} order={existing.data ?? null} initial={initial}
    headerFields={HEADER_FIELDS[object].map((n) => orders.fields.find((f) => f.api_name === n))
      .filter((f): f is FieldMeta => !!f && editable(f))} />;
}

function Editor({ object, order, initial, headerFields }: { object: string; order: RecordData | null;
  initial: Record<string, unknown>; headerFields: FieldMeta[] }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const products = useObject("products");
  const [header, setHeader] = useState<Record<string, unknown>>(() =>
    Object.fromEntries(headerFields.map((f) => [f.api_name, initial[f.api_name] ?? null])));
  const [lines, setLines] = useState<Line[]>(() => {
    const l = linesFromApi(order?.lines);
    return l.length ? l : [newLine()];
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inFlight = useRef(false);
  const currency = (header.currency as string) || "CNY";
  const productField: FieldMeta = { api_name: "product_id", label: t("order.product"), type: "lookup",
    target: "products", required: true, options: null, custom: false, readonly: false };

  const setLine = (key: string, patch: Partial<Line>) =>
    setLines((ls) => ls.map((l) => (l.key === key ? { ...l, ...patch } : l)));
  const pickProduct = async (key: string, productId: string | null) => {
    setLine(key, { product_id: productId });
    if (!productId) return;
    const p = await api<RecordData>(`products/${productId}`).catch(() => null);
    const price = p?.price ?? p?.unit_price ?? p?.list_price;
    if (price != null) setLines((ls) => ls.map((l) => (l.key === key && !l.unit_price
      ? { ...l, unit_price: String(price) } : l)));
  };

  useEffect(() => setErrors({}), [lines, header]);

  const save = async () => {
    if (inFlight.current) return;
    const body: Record<string, unknown> = { ...header, lines: linesForApi(lines) };
    if (!body.account_id) { setErrors({ account_id: t("form.required", { field: headerFields
      .find((f) => f.api_name === "account_id")?.label ?? "" }) }); return; }
    inFlight.current = true;
    setBusy(true);
    setError(null);
    try {
      const saved = order
        ? await api<RecordData>(`${object}/${order.id}`, { method: "PATCH", body: { ...body, version: order.version } })
        : await api<RecordData>(object, { body });
      void qc.invalidateQueries({ queryKey: ["list", object] });
      void qc.invalidateQueries({ queryKey: ["overview"] });
      qc.setQueryData(["record", object, saved.id], saved);
      navigate(`/o/${object}/${saved.id}`);
    } catch (err) {
      if (err instanceof ApiError) { setErrors(err.fieldErrors); setError(err.message); }
      else setError(err instanceof NetworkError ? t("error.network") : t("error.unknown"));
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  };

  const lineError = (i: number, f: string) => errors[`lines.${i}.${f}`] ?? errors[`lines[${i}].${f}`];
  return (
    <div data-testid="order-editor">
      <div className="page-header">
        <Typography.Title level={3}>{object === "quotes"
          ? (order ? t("quote.editTitle") : t("quote.new"))
          : (order ? t("order.editTitle") : t("order.new"))}</Typography.Title>
      </div>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }}
        description={Object.entries(errors).filter(([k]) => k.startsWith("lines") || k === "lines")
          .map(([k, m]) => <div key={k}>{k}: {m}</div>)} data-testid="order-error" />}
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form layout="vertical">
          <Space wrap align="start" style={{ width: "100%" }}>
            {headerFields.map((f) => (
              <Form.Item key={f.api_name} label={f.label} required={f.required || f.api_name === "account_id"}
                validateStatus={errors[f.api_name] ? "error" : ""} help={errors[f.api_name]}
                style={{ minWidth: 240 }}>
                <FieldInput field={f} value={header[f.api_name]} id={`order-${f.api_name}`}
                  onChange={(v) => setHeader({ ...header, [f.api_name]: v })} />
              </Form.Item>
            ))}
          </Space>
        </Form>
      </Card>
      <Card size="small" title={t("order.lines")}>
        <Table<Line> size="small" rowKey="key" dataSource={lines} pagination={false} scroll={{ x: "max-content" }}
          data-testid="order-lines" columns={[
            { key: "product", title: t("order.product"), width: 260, render: (_, l, i) => products
              ? <div><FieldInput field={productField} value={l.product_id} currentLabel={l.product_name}
                onChange={(v) => void pickProduct(l.key, v as string | null)} id={`line-${i}-product`} />
                {lineError(i, "product_id") && <Typography.Text type="danger">{lineError(i, "product_id")}</Typography.Text>}</div>
              : "—" },
            { key: "qty", title: t("order.quantity"), width: 110, render: (_, l, i) => (
              <InputNumber<string> stringMode min="0" value={l.quantity} style={{ width: "100%" }}
                status={lineError(i, "quantity") ? "error" : undefined} aria-label={t("order.quantity")}
                onChange={(v) => setLine(l.key, { quantity: v })} data-testid={`line-${i}-quantity`} />) },
            { key: "price", title: t("order.unitPrice"), width: 150, render: (_, l, i) => (
              <InputNumber<string> stringMode min="0" precision={2} value={l.unit_price} style={{ width: "100%" }}
                status={lineError(i, "unit_price") ? "error" : undefined} aria-label={t("order.unitPrice")}
                onChange={(v) => setLine(l.key, { unit_price: v })} data-testid={`line-${i}-price`} />) },
            { key: "discount", title: t("order.discount"), width: 110, render: (_, l, i) => (
              <InputNumber<string> stringMode min="0" max="100" value={l.discount} style={{ width: "100%" }}
                addonAfter="%" aria-label={t("order.discount")}
                onChange={(v) => setLine(l.key, { discount: v })} data-testid={`line-${i}-discount`} />) },
            { key: "amount", title: t("order.amount"), align: "right", render: (_, l, i) => (
              <span className="money" data-testid={`line-${i}-amount`}>{formatMoney(lineAmount(l), currency)}</span>) },
            { key: "x", width: 48, render: (_, l) => (
              <Button type="text" icon={<DeleteOutlined />} aria-label={t("common.remove")}
                disabled={lines.length === 1} onClick={() => setLines(lines.filter((x) => x.key !== l.key))} />) },
          ]} />
        <div style={{ display: "flex", justifyContent: "space-between", alignItems: "center", marginTop: 12 }}>
          <Button icon={<PlusOutlined />} onClick={() => setLines([...lines, newLine()])}
            data-testid="add-line">{t("order.addLine")}</Button>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t("order.total")}: <span className="money" data-testid="order-total">
              {formatMoney(orderTotal(lines), currency)}</span>
          </Typography.Title>
        </div>
      </Card>
      <Space style={{ marginTop: 16 }}>
        <Button onClick={() => navigate(-1)}>{t("common.cancel")}</Button>
        <Button type="primary" loading={busy} onClick={() => void save()} data-testid="order-save">
          {t("common.save")}</Button>
      </Space>
    </div>
  );
}
