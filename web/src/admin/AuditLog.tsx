// The audit log viewer (GET /audit): who changed what, when, old → new.
import { useMemo, useState } from "react";
import { Alert, Button, Select, Table, Tag, Typography } from "antd";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { api } from "../api/client";
import { labelOf, useObjects } from "../api/meta";
import type { FieldMeta, ObjectMeta } from "../api/meta";
import { ChangeLines, actionLabel } from "../records/Changes";
import { useLookupNames } from "../records/lookups";
import { formatDateTime } from "../lib/dates";

interface Entry { id: string; user_id: string | null; action: string; object: string; record_id: string;
  changes: Record<string, [unknown, unknown]> | null; at: string }

const USER_FIELD: FieldMeta = { api_name: "user_id", label: "", type: "lookup", target: "users",
  required: false, options: null, custom: false, readonly: true };

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
  const rows = useMemo(() => log.data?.pages.flatMap((p) => p.items) ?? [], [log.data]);
  const meta = (name: string) => objects.find((o) => o.api_name === name);
  // One set of names for every object on the page: people, the records changed and
  // the records, stages and roles their changes mention.
  const allFields = useMemo<ObjectMeta>(() => ({ api_name: "", label: "", custom: false, owned: false,
    name_field: "", permissions: [], fields: [USER_FIELD, ...objects.flatMap((o) => o.fields)] }), [objects]);
  const mentioned = useMemo(() => rows.flatMap((e) => {
    const side = (n: 0 | 1) => Object.fromEntries(Object.entries(e.changes ?? {})
      .filter(([, v]) => Array.isArray(v)).map(([k, v]) => [k, v[n]]));
    return [{ user_id: e.user_id, related_type: e.object, related_id: e.record_id }, side(0), side(1)];
  }), [rows]);
  const names = useLookupNames(allFields, mentioned);
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
            <Tag>{actionLabel(t, e.action)}</Tag> },
          { key: "user", title: t("audit.user"), render: (_, e) => e.user_id
            ? names.get(e.user_id) ?? t("common.loadingName") : "—" },
          { key: "object", title: t("audit.object"), render: (_, e) => {
            const o = objects.find((x) => x.api_name === e.object);
            if (!o) return t("audit.otherObject");
            return <Link to={`/o/${e.object}/${e.record_id}`}>{labelOf(o, i18n.language)}
              {names.get(e.record_id) ? ` · ${names.get(e.record_id)}` : ""}</Link>;
          } },
          { key: "changes", title: t("audit.changes"), render: (_, e) =>
            <ChangeLines obj={meta(e.object)} changes={e.changes} names={names} limit={6} /> },
        ]} />
      {log.hasNextPage && <div style={{ textAlign: "center", margin: 16 }}>
        <Button onClick={() => void log.fetchNextPage()} loading={log.isFetchingNextPage}>{t("list.loadMore")}</Button>
      </div>}
    </div>
  );
}
