// A quote as the customer sees it: a clean page to print (or save as PDF) in Chinese
// fonts, and its address to copy and send to a colleague.
import { App, Button, Descriptions, Result, Skeleton, Space, Typography } from "antd";
import { CopyOutlined, PrinterOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router-dom";
import { api } from "../api/client";
import type { RecordData } from "../api/client";
import { useObject } from "../api/meta";
import { useAuth } from "../auth/AuthContext";
import { formatDate } from "../lib/dates";
import { useLookupNames } from "../records/lookups";
import OrderLinesView from "./OrderLinesView";
import "./print.css";

export default function QuotePrint() {
  const { id = "" } = useParams();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { me } = useAuth();
  const obj = useObject("quotes");
  const quote = useQuery({ queryKey: ["record", "quotes", id],
    queryFn: () => api<RecordData>(`quotes/${id}`) });
  const names = useLookupNames(obj, quote.data ? [quote.data] : []);
  if (quote.isLoading) return <Skeleton active paragraph={{ rows: 8 }} style={{ padding: 24 }} />;
  if (!quote.data) return <Result status="404" title={t("notFound.title")} />;
  const q = quote.data;
  const name = (v: unknown) => (typeof v === "string" ? names.get(v) ?? "" : "");
  const copy = async () => {
    await navigator.clipboard.writeText(window.location.href);
    message.success(t("quotePrint.copied"));
  };
  return (
    <div className="quote-print" data-testid="quote-print">
      <Space className="no-print" style={{ marginBottom: 16 }}>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>{t("quotePrint.print")}</Button>
        <Button icon={<CopyOutlined />} onClick={() => void copy()} data-testid="quote-copy-link">
          {t("quotePrint.copyLink")}</Button>
      </Space>
      <Typography.Title level={2} style={{ textAlign: "center" }}>{t("quotePrint.title")}</Typography.Title>
      <Typography.Paragraph style={{ textAlign: "center" }}>{me?.tenant_name}</Typography.Paragraph>
      <Descriptions bordered size="small" column={2} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t("quotePrint.quote")}>{String(q.name ?? q.number ?? "")}</Descriptions.Item>
        <Descriptions.Item label={t("quotePrint.customer")}>{name(q.account_id)}</Descriptions.Item>
        <Descriptions.Item label={t("quotePrint.date")}>{formatDate(String(q.created_at ?? ""), i18n.language)}</Descriptions.Item>
        <Descriptions.Item label={t("quotePrint.validUntil")}>{formatDate(q.valid_until as string, i18n.language) || "—"}</Descriptions.Item>
      </Descriptions>
      <OrderLinesView record={q} names={names} />
    </div>
  );
}
