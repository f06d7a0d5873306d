// The lines of a saved order (or quote), read-only, with the total the server computed.
import { Card, Table, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import type { RecordData } from "../api/client";
import { formatMoney, groupDigits, lineTotal } from "../lib/money";
import type { NameMap } from "../records/lookups";

type Line = { id?: string; product_id?: string | null; description?: string | null; quantity: string;
  unit_price: string; discount?: string | null; amount?: string };

export default function OrderLinesView({ record, names }: { record: RecordData; names?: NameMap }) {
  const { t } = useTranslation();
  const lines = (record.lines ?? []) as Line[];
  const currency = (record.currency as string) || "CNY";
  return (
    <Card size="small" title={t("order.lines")} style={{ marginBottom: 12 }} data-testid="order-lines-view">
      <Table<Line> size="small" rowKey={(l, i) => l.id ?? String(i)} dataSource={lines} pagination={false}
        scroll={{ x: "max-content" }} columns={[
          { key: "p", title: t("order.product"), render: (_, l) => l.product_id
            ? <Link to={`/o/products/${l.product_id}`}>{l.description ?? names?.get(l.product_id)
              ?? t("common.loadingName")}</Link> : l.description },
          { key: "q", title: t("order.quantity"), align: "right", render: (_, l) => groupDigits(l.quantity) },
          { key: "u", title: t("order.unitPrice"), align: "right", render: (_, l) => formatMoney(l.unit_price, currency) },
          { key: "d", title: t("order.discount"), align: "right", render: (_, l) => l.discount && Number(l.discount) ? `${l.discount}%` : "—" },
          { key: "a", title: t("order.amount"), align: "right", render: (_, l) => formatMoney(l.amount ?? lineTotal(l.quantity, l.unit_price, l.discount), currency) },
        ]} />
      <Typography.Paragraph strong style={{ textAlign: "right", margin: "8px 0 0" }}>
        {t("order.total")}: <span className="money">{formatMoney(record.total as string, currency)}</span>
      </Typography.Paragraph>
    </Card>
  );
}
