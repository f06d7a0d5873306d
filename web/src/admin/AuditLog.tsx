// The audit log viewer (GET /audit): who changed what, when, old → new.
import { useState } from "react";
import { Alert, Button, Select, Table, Tag, Typography } from "antd";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { api } from "../api/client";
import { labelOf, useObjects } from "../api/meta";
import { formatDateTime } from "../lib/dates";

interface Entry { id: string; user_id: string | null; action: string; object: string; record_id: string;
  changes: Record<string, [unknown, unknown]> | null; at: string }

export default function AuditLog() {
  const { t, i18n } = useTranslation();
  const { data: objects = [] } = useObjects();
  const [object, setObject] = useState<string | null>(null);
  const log = useInfiniteQuery({
    queryKey: ["audit", object],
    queryFn: ({ pageParam }) => api<{ items: Entry[]; next_cursor: string | null }>("audit",
      { query: { object: object ?? undefined, cursor: pageParam ?? undefined, limit: 100 } }),
    initialPageParam: null as string | null,
    getNextPageParam: (p) => p.next_cursor,
  });
  const rows = log.data?.pages.flatMap((p) => p.items) ?? [];
  const show = (v: unknown) => v === null || v === undefined || v === "" ? "—"
    : typeof v === "object" ? JSON.stringify(v) : String(v);
  return (
    <div data-testid="audit-log">
      <div className="page-header">
        <Typography.Title level={3}>{t("nav.audit")}</Typography.Title>
        <div className="actions">
          <Select allowClear placeholder={t("audit.allObjects")} style={{ width: 200 }} value={object}
            onChange={(v) => setObject(v ?? null)}
            options={objects.map((o) => ({ value: o.api_name, label: labelOf(o, i18n.language) }))} />
        </div>
      </div>
      {log.error && <Alert type="error" showIcon message={(log.error as Error).message} />}
      <Table<Entry> size="small" rowKey="id" loading={log.isLoading} dataSource={rows} pagination={false}
        scroll={{ x: "max-content" }} columns={[
          { key: "at", title: t("audit.at"), render: (_, e) => formatDateTime(e.at, i18n.language) },
          { key: "action", title: t("audit.action"), render: (_, e) =>
            <Tag>{t(`timeline.action.${e.action}`, { defaultValue: e.action })}</Tag> },
          { key: "object", title: t("audit.object"), render: (_, e) => {
            const o = objects.find((x) => x.api_name === e.object);
            return <Link to={`/o/${e.object}/${e.record_id}`}>{o ? labelOf(o, i18n.language) : e.object}</Link>;
          } },
          { key: "changes", title: t("audit.changes"), render: (_, e) => Object.entries(e.changes ?? {})
            .slice(0, 6).map(([k, v]) => <div key={k}><b>{k}</b>: {Array.isArray(v) ? `${show(v[0])} → ${show(v[1])}` : show(v)}</div>) },
        ]} />
      {log.hasNextPage && <div style={{ textAlign: "center", margin: 16 }}>
        <Button onClick={() => void log.fetchNextPage()} loading={log.isFetchingNextPage}>{t("list.loadMore")}</Button>
      </div>}
    </div>
  );
}
