// The 360° customer page: summary cards (won, ordered, paid, receivable), contacts,
// deals, orders, payments and the timeline — from GET /accounts/{id}/overview.
import { useState } from "react";
import { Button, Card, Empty, Skeleton, Statistic, Table } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router-dom";
import { api } from "../api/client";
import type { RecordData } from "../api/client";
import { fieldOf, recordTitle, useObject } from "../api/meta";
import type { ObjectMeta } from "../api/meta";
import { formatDate } from "../lib/dates";
import { formatMoney } from "../lib/money";
import { moneyStatistic } from "../shell/Withheld";
import { RecordPage } from "../records/DetailPage";
import FieldValue from "../records/FieldValue";
import RecordForm from "../records/RecordForm";
import { routeMissing } from "../shell/NotificationsBell";
import PaymentDialog from "./PaymentDialog";
import { takesPayment } from "./payable";

export interface Overview {
  account: RecordData;
  contacts: RecordData[];
  opportunities: RecordData[];
  orders: RecordData[];
  payments: RecordData[];
  activities: RecordData[];
  // null: withheld (sums a field the user may not read)
  totals: { won_amount: string | null; ordered_amount: string | null; paid_amount: string | null;
    receivable: string | null };
}

export default function AccountOverview() {
  const { id = "" } = useParams();
  const obj = useObject("accounts");
  const { t } = useTranslation();
  const overview = useQuery({
    queryKey: ["overview", id],
    queryFn: () => api<Overview>(`accounts/${id}/overview`),
    retry: false,
  });
  if (!obj) return <Skeleton active />;
  if (overview.isLoading) return <Skeleton active paragraph={{ rows: 10 }} />;
  if (overview.error && !routeMissing(overview.error)) {
    return <RecordPage obj={obj} id={id} />; // shows the 404 / error the record answers
  }
  const data = overview.data;
  if (!data) return <RecordPage obj={obj} id={id} />;
  return (
    <RecordPage obj={obj} id={id} summary={<SummaryCards totals={data.totals} />}
      extraTabs={[
        { key: "contacts", label: `${t("account.contacts")} (${data.contacts.length})`,
          children: <RelatedTable object="contacts" rows={data.contacts} accountId={id}
            columns={["title", "mobile", "email"]} /> },
        { key: "deals", label: `${t("account.deals")} (${data.opportunities.length})`,
          children: <RelatedTable object="opportunities" rows={data.opportunities} accountId={id}
            columns={["stage", "amount", "close_date", "status"]} /> },
        { key: "orders", label: `${t("account.orders")} (${data.orders.length})`,
          children: <OrdersTab overview={data} accountId={id} /> },
        { key: "payments", label: `${t("account.payments")} (${data.payments.length})`,
          children: <RelatedTable object="payments" rows={data.payments} accountId={id}
            columns={["amount", "paid_on", "method", "order_id"]} noCreate /> },
      ]} />
  );
}

function SummaryCards({ totals }: { totals: Overview["totals"] }) {
  const { t } = useTranslation();
  const cards = [
    { key: "won_amount", label: t("account.won") },
    { key: "ordered_amount", label: t("account.ordered") },
    { key: "paid_amount", label: t("account.paid") },
    { key: "receivable", label: t("account.receivable") },
  ] as const;
  return (
    <div className="stat-cards" data-testid="account-totals">
      {cards.map((c) => (
        <Card key={c.key} size="small">
          <Statistic title={c.label} {...moneyStatistic(totals[c.key], (v) => formatMoney(v))}
            valueStyle={c.key === "receivable" && totals.receivable && totals.receivable !== "0.00"
              ? { color: "#cf1322" } : undefined}
            data-testid={`total-${c.key}`} />
        </Card>
      ))}
    </div>
  );
}

function RelatedTable({ object, rows, columns, accountId, noCreate }: { object: string;
  rows: RecordData[]; columns: string[]; accountId: string; noCreate?: boolean }) {
  const { t } = useTranslation();
  const obj = useObject(object);
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  if (!obj) return <Empty />;
  return (
    <>
      {!noCreate && obj.permissions.includes("create") && (
        <Button icon={<PlusOutlined />} style={{ marginBottom: 12 }} onClick={() => setCreating(true)}
          data-testid={`add-${object}`}>{t("common.new")}</Button>
      )}
      <Table size="small" rowKey="id" dataSource={rows} pagination={rows.length > 10 ? {} : false}
        scroll={{ x: "max-content" }} onRow={(r) => ({ onClick: () => navigate(`/o/${object}/${r.id}`),
          style: { cursor: "pointer" } })}
        columns={columnsOf(obj, columns)} locale={{ emptyText: <Empty description={t("list.empty")} /> }} />
      <RecordForm object={object} open={creating} initial={{ account_id: accountId }}
        onClose={() => setCreating(false)} onSaved={() => setCreating(false)} />
    </>
  );
}

function columnsOf(obj: ObjectMeta, names: string[]) {
  return [
    { key: "_name", title: obj.fields.find((f) => f.api_name === obj.name_field)?.label ?? "",
      render: (_: unknown, r: RecordData) => <Link to={`/o/${obj.api_name}/${r.id}`}>{recordTitle(obj, r)}</Link> },
    ...names.map((n) => obj.fields.find((f) => f.api_name === n)).filter(Boolean).map((f) => ({
      key: f!.api_name, title: f!.label,
      render: (_: unknown, r: RecordData) => <FieldValue field={f!} value={r[f!.api_name]} record={r} />,
    })),
  ];
}

function OrdersTab({ overview, accountId }: { overview: Overview; accountId: string }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const orders = useObject("orders");
  const [paying, setPaying] = useState<RecordData | null>(null);
  if (!orders) return <Empty />;
  return (
    <>
      {orders.permissions.includes("create") && (
        <Button icon={<PlusOutlined />} style={{ marginBottom: 12 }} data-testid="add-order"
          onClick={() => navigate(`/orders/new?account_id=${accountId}`)}>{t("order.new")}</Button>
      )}
      <Table size="small" rowKey="id" dataSource={overview.orders} pagination={false}
        scroll={{ x: "max-content" }} columns={[
          { key: "no", title: t("order.number"), render: (_, r) =>
            <Link to={`/o/orders/${r.id}`}>{recordTitle(orders, r)}</Link> },
          { key: "status", title: t("order.status"), render: (_, r) =>
            <FieldValue field={fieldOf(orders, "status")!} value={r.status} record={r} /> },
          { key: "total", title: t("order.total"), align: "right",
            render: (_, r) => <span className="money">{formatMoney(r.total as string)}</span> },
          { key: "receivable", title: t("account.receivable"), align: "right",
            render: (_, r) => <span className="money">{formatMoney(r.receivable as string)}</span> },
          { key: "date", title: t("order.date"), render: (_, r) =>
            formatDate((r.ordered_on ?? r.created_at) as string, i18n.language) },
          { key: "pay", title: "", render: (_, r) => takesPayment(r)
            ? <Button size="small" onClick={() => setPaying(r)} data-testid="record-payment">
              {t("payment.record")}</Button> : null },
        ]} />
      {paying && <PaymentDialog order={paying} onClose={() => setPaying(null)} />}
    </>
  );
}

