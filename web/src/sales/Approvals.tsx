// Approvals waiting for me (GET /approvals?mine=true): open the record, approve or reject
// with a comment — on a phone too.
import { useState } from "react";
import { App, Button, Card, Empty, Input, List, Modal, Segmented, Space, Tag, Typography } from "antd";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { api } from "../api/client";
import { labelOf, useObjects } from "../api/meta";
import { formatDateTime } from "../lib/dates";

interface Approval { id: string; object: string; record_id: string; record_name?: string | null;
  status: string; step: number; steps?: number; submitted_by: string | null; submitted_at?: string;
  comment?: string | null }

export default function Approvals() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { data: objects = [] } = useObjects();
  const [tab, setTab] = useState<"mine" | "submitted">("mine");
  const [deciding, setDeciding] = useState<{ a: Approval; action: "approve" | "reject" } | null>(null);
  const [comment, setComment] = useState("");
  const [busy, setBusy] = useState(false);
  const query = tab === "mine" ? { mine: "true", status: "pending" } : { status: "pending" };
  const list = useQuery({ queryKey: ["approvals", tab],
    queryFn: () => api<{ items: Approval[] }>("approvals", { query }) });

  const decide = async () => {
    if (!deciding || busy) return;
    setBusy(true);
    try {
      await api(`approvals/${deciding.a.id}/${deciding.action}`, { body: { comment: comment.trim() || null } });
      message.success(t(deciding.action === "approve" ? "approvals.approved" : "approvals.rejected"));
      setDeciding(null);
      setComment("");
      void qc.invalidateQueries({ queryKey: ["approvals"] });
      void qc.invalidateQueries({ queryKey: ["record", deciding.a.object, deciding.a.record_id] });
    } catch (err) {
      message.error((err as Error).message); // the comment stays for another try
    } finally {
      setBusy(false);
    }
  };
  const objectLabel = (name: string) => {
    const o = objects.find((x) => x.api_name === name);
    return o ? labelOf(o, i18n.language) : name;
  };

  return (
    <div data-testid="approvals">
      <div className="page-header">
        <Typography.Title level={3}>{t("approvals.title")}</Typography.Title>
        <div className="actions">
          <Segmented value={tab} onChange={(v) => setTab(v as "mine" | "submitted")}
            options={[{ value: "mine", label: t("approvals.waitingForMe") }, { value: "submitted", label: t("approvals.allPending") }]} />
        </div>
      </div>
      <Card>
        <List loading={list.isLoading} dataSource={list.data?.items ?? []}
          locale={{ emptyText: <Empty description={t("approvals.none")} /> }}
          renderItem={(a) => (
            <List.Item actions={tab === "mine" ? [
              <Button key="ok" type="primary" size="small" onClick={() => setDeciding({ a, action: "approve" })}
                data-testid="approve">{t("approvals.approve")}</Button>,
              <Button key="no" danger size="small" onClick={() => setDeciding({ a, action: "reject" })}>
                {t("approvals.reject")}</Button>] : []}>
              <List.Item.Meta
                title={<Space wrap><Tag>{objectLabel(a.object)}</Tag>
                  <Link to={`/o/${a.object}/${a.record_id}`}>{a.record_name ?? a.record_id}</Link></Space>}
                description={<>{a.steps ? t("approvals.step", { n: a.step + 1, of: a.steps }) : null}
                  {a.submitted_at ? ` · ${formatDateTime(a.submitted_at, i18n.language)}` : ""}
                  {a.comment ? ` · “${a.comment}”` : ""}</>} />
            </List.Item>
          )} />
      </Card>
      <Modal open={!!deciding} onCancel={() => setDeciding(null)} onOk={() => void decide()} confirmLoading={busy}
        title={deciding?.action === "approve" ? t("approvals.approve") : t("approvals.reject")}
        okButtonProps={{ danger: deciding?.action === "reject" }}>
        <Typography.Paragraph>{deciding?.a.record_name}</Typography.Paragraph>
        <Input.TextArea rows={3} value={comment} onChange={(e) => setComment(e.target.value)}
          placeholder={t("approvals.comment")} maxLength={2000} />
      </Modal>
    </div>
  );
}
