// Industry templates: what each one adds (pipeline stages, custom fields, approval flows,
// reports), installed in one step after a confirmation; the result says what was created
// and what was already there (applying twice creates nothing twice).
import { useState } from "react";
import { Alert, App, Button, Card, Col, Collapse, Descriptions, Empty, List, Modal, Row, Skeleton, Space, Tag,
  Typography } from "antd";
import { AppstoreAddOutlined } from "@ant-design/icons";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api } from "../api/client";
import { labelOf, useObjects } from "../api/meta";
import { problemText } from "./problems";

interface Includes {
  pipelines: { name: string; stages: { key: string; label: string; probability: number; kind: string }[] }[];
  fields: { object: string; api_name: string; type: string; label: string; options: string[] | null;
    option_names?: string[] | null }[];
  approval_flows: { name: string; object: string; steps: number }[];
  reports: { name: string; object: string }[];
}
interface Template { name: string; label: string; includes?: Includes }
type Buckets = Record<string, string[]>;
export interface ApplyResult { template: string; created: Buckets; existing: Buckets; skipped: Buckets }

const KINDS = ["pipelines", "fields", "approval_flows", "reports"] as const;

/** How many items of each kind a result bucket holds, e.g. {fields: 3, reports: 1}. */
export function countByKind(bucket: Buckets): Record<string, number> {
  return Object.fromEntries(Object.entries(bucket).filter(([, v]) => v.length).map(([k, v]) => [k, v.length]));
}

export default function Templates() {
  const { t } = useTranslation();
  const list = useQuery({ queryKey: ["templates"], queryFn: () => api<{ items: Template[] }>("templates") });
  const [result, setResult] = useState<ApplyResult | null>(null);
  return (
    <div data-testid="templates-admin">
      <div className="page-header"><Typography.Title level={3}>{t("templates.title")}</Typography.Title></div>
      <Typography.Paragraph type="secondary">{t("templates.intro")}</Typography.Paragraph>
      {list.error && <Alert type="error" showIcon message={problemText(list.error, t)}
        action={<Button size="small" onClick={() => void list.refetch()}>{t("common.retry")}</Button>} />}
      {list.isLoading && <Skeleton active paragraph={{ rows: 6 }} />}
      {list.data && !list.data.items.length && <Empty description={t("templates.none")} />}
      <Row gutter={[16, 16]}>
        {(list.data?.items ?? []).map((tpl) => (
          <Col key={tpl.name} xs={24} lg={8}><TemplateCard tpl={tpl} onApplied={setResult} /></Col>
        ))}
      </Row>
      {result && <ResultDialog result={result} label={list.data?.items.find((x) => x.name === result.template)?.label
        ?? result.template} onClose={() => setResult(null)} />}
    </div>
  );
}

function TemplateCard({ tpl, onApplied }: { tpl: Template; onApplied: (r: ApplyResult) => void }) {
  const { t, i18n } = useTranslation();
  const { modal, message } = App.useApp();
  const qc = useQueryClient();
  const { data: objects = [] } = useObjects();
  const objectLabel = (n: string) => { const o = objects.find((x) => x.api_name === n); return o ? labelOf(o, i18n.language) : n; };
  const inc = tpl.includes;
  const apply = () => modal.confirm({
    title: t("templates.confirmTitle", { name: tpl.label }), okText: t("templates.apply"),
    content: <>
      <Typography.Paragraph>{t("templates.confirmText")}</Typography.Paragraph>
      {inc && <ul>{KINDS.map((k) => <li key={k}>{t(`templates.kinds.${k}`)}: {inc[k].length}</li>)}</ul>}
    </>,
    onOk: async () => {
      try {
        const r = await api<ApplyResult>(`templates/${tpl.name}/apply`, { method: "POST" });
        // New fields, pipelines, flows and reports: every cached list may have changed.
        await qc.invalidateQueries();
        onApplied(r);
      } catch (err) {
        message.error(problemText(err, t));
      }
    },
  });
  return (
    <Card title={<Space><AppstoreAddOutlined />{tpl.label}</Space>} data-testid={`template-${tpl.name}`}
      extra={<Button type="primary" onClick={apply}>{t("templates.apply")}</Button>}>
      {inc ? <Collapse size="small" ghost items={[
        { key: "pipelines", label: `${t("templates.kinds.pipelines")} (${inc.pipelines.length})`,
          children: inc.pipelines.map((p) => <div key={p.name} style={{ marginBottom: 8 }}>
            <Typography.Text strong>{p.name}</Typography.Text>
            <div>{p.stages.map((s) => <Tag key={s.key} color={s.kind === "won" ? "green" : s.kind === "lost" ? "red" : undefined}
              style={{ marginTop: 4 }}>{s.label} {s.probability}%</Tag>)}</div></div>) },
        { key: "fields", label: `${t("templates.kinds.fields")} (${inc.fields.length})`,
          children: <Descriptions size="small" column={1} items={inc.fields.map((f) => ({
            key: `${f.object}.${f.api_name}`, label: `${objectLabel(f.object)} · ${f.label}`,
            children: <>{t(`fields.types.${f.type}`, { defaultValue: f.type })}
              {f.options && <Typography.Text type="secondary"> — {(f.option_names ?? f.options).join(", ")}</Typography.Text>}</> }))} /> },
        { key: "flows", label: `${t("templates.kinds.approval_flows")} (${inc.approval_flows.length})`,
          children: <List size="small" dataSource={inc.approval_flows} renderItem={(f) => <List.Item>
            {f.name} <Typography.Text type="secondary">· {objectLabel(f.object)} · {t("templates.steps", { count: f.steps })}</Typography.Text>
          </List.Item>} /> },
        { key: "reports", label: `${t("templates.kinds.reports")} (${inc.reports.length})`,
          children: <List size="small" dataSource={inc.reports} renderItem={(r) => <List.Item>
            {r.name} <Typography.Text type="secondary">· {objectLabel(r.object)}</Typography.Text></List.Item>} /> },
      ]} /> : <Typography.Text type="secondary">{t("templates.noPreview")}</Typography.Text>}
    </Card>
  );
}

function ResultDialog({ result, label, onClose }: { result: ApplyResult; label: string; onClose: () => void }) {
  const { t } = useTranslation();
  const created = countByKind(result.created);
  const nothingNew = !Object.keys(created).length;
  const section = (bucket: Buckets, title: string, color: string) => Object.keys(countByKind(bucket)).length > 0 && (
    <div style={{ marginBottom: 12 }}>
      <Typography.Text strong>{title}</Typography.Text>
      {KINDS.filter((k) => bucket[k]?.length).map((k) => <div key={k} style={{ marginTop: 4 }}>
        {t(`templates.kinds.${k}`)}: {bucket[k].map((x) => <Tag key={x} color={color} style={{ marginTop: 2 }}>{x}</Tag>)}
      </div>)}
    </div>);
  return (
    <Modal open title={t("templates.resultTitle", { name: label })} onCancel={onClose}
      footer={<Button type="primary" onClick={onClose}>{t("templates.done")}</Button>}>
      <div data-testid="template-result">
        <Alert type={nothingNew ? "info" : "success"} showIcon style={{ marginBottom: 12 }}
          message={nothingNew ? t("templates.nothingNew") : t("templates.applied")} />
        {section(result.created, t("templates.created"), "green")}
        {section(result.existing, t("templates.existing"), "default")}
        {section(result.skipped, t("templates.skipped"), "orange")}
      </div>
    </Modal>
  );
}
