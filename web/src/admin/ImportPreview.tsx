// The preview card of the import page: each mapped column with how its first rows read,
// and for date columns the format to read them in (POST /imports/preview).
import { Alert, Button, Card, Select, Space, Table, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { DATE_FORMATS, fieldTitle, isDateColumn, sampleText, unreadCount, type DateFormat, type Preview,
  type PreviewColumn } from "./importPreview";
import type { FieldMeta } from "../api/meta";

const SHOWN = 5;

export default function ImportPreview({ preview, formats, onFormat, fields }: {
  preview: Preview; formats: Record<string, DateFormat>;
  onFormat: (column: string, format: DateFormat) => void; fields: FieldMeta[];
}) {
  const { t, i18n } = useTranslation();
  const formatOptions = DATE_FORMATS.map((f) => ({ value: f, label: t(`importGuide.formats.${f}`) }));
  return (
    <Card size="small" title={t("importGuide.previewTitle")} style={{ marginBottom: 16 }}
      data-testid="import-preview">
      {/* On a phone the columns scroll inside the card; the page itself stays put. */}
      <Table<PreviewColumn> size="small" rowKey={(c) => c.column} pagination={false} dataSource={preview.columns}
        scroll={{ x: "max-content" }}
        columns={[
          { key: "c", title: t("import.column"), render: (_, c) => <Typography.Text code>{c.column}</Typography.Text> },
          { key: "f", title: t("import.field"),
            render: (_, c) => fieldTitle(fields, c.field, c.column, i18n.language) },
          { key: "d", title: t("importGuide.dateFormat"), render: (_, c) => isDateColumn(c) ? (
            <Space direction="vertical" size={4}>
              <Select<DateFormat> style={{ width: 220 }} value={formats[c.column] ?? c.date_format ?? "auto"}
                data-testid={`date-format-${c.column}`} options={formatOptions}
                onChange={(v) => onFormat(c.column, v)} />
              {c.suggested_format && (
                <Alert type="info" showIcon message={<Space>
                  {t("importGuide.suggested", { format: t(`importGuide.formats.${c.suggested_format}`) })}
                  <Button size="small" onClick={() => onFormat(c.column, c.suggested_format as DateFormat)}>
                    {t("importGuide.useSuggested")}</Button></Space>} />)}
            </Space>) : null },
          { key: "s", title: t("importGuide.samples"), render: (_, c) => (
            <Space direction="vertical" size={2}>
              {c.samples.slice(0, SHOWN).map((s) => {
                const shown = sampleText(s);
                return (
                  <span key={s.row}>
                    <Typography.Text type="secondary">{s.row}: {s.raw || "—"} → </Typography.Text>
                    {shown.ok ? <Typography.Text>{shown.text}</Typography.Text>
                      : <Tag color="red">{shown.text}</Tag>}
                  </span>);
              })}
              {unreadCount(c) > 0 && (
                <Typography.Text type="danger">{t("importGuide.unread", { count: unreadCount(c) })}</Typography.Text>)}
            </Space>) },
        ]} />
    </Card>
  );
}
