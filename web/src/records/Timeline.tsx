// A record's timeline (GET /<object>/{id}/timeline): activities, field changes,
// comments and approvals, newest first.
import { Empty, Skeleton, Tag, Timeline as AntTimeline, Typography } from "antd";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api } from "../api/client";
import type { ObjectMeta } from "../api/meta";
import { useObjects } from "../api/meta";
import { formatDateTime } from "../lib/dates";
import FieldValue from "./FieldValue";

export interface TimelineItem {
  kind: string;
  at: string;
  action?: string;
  user_id?: string | null;
  user_name?: string | null;
  changes?: Record<string, [unknown, unknown]>;
  content?: string;
  body?: string;
  status?: string;
  comment?: string;
  address?: string;
  [key: string]: unknown;
}

const COLORS: Record<string, string> = { change: "gray", activity: "blue", comment: "green",
  approval: "orange" };

export function useTimeline(object: string, id: string) {
  return useQuery({
    queryKey: ["timeline", object, id],
    queryFn: () => api<{ items: TimelineItem[] }>(`${object}/${id}/timeline`).then((r) => r.items),
  });
}

export default function Timeline({ obj, id }: { obj: ObjectMeta; id: string }) {
  const { t, i18n } = useTranslation();
  const { data, isLoading } = useTimeline(obj.api_name, id);
  const { data: objects = [] } = useObjects();
  const activities = objects.find((o) => o.api_name === "activities");
  if (isLoading) return <Skeleton active />;
  if (!data?.length) return <Empty description={t("timeline.empty")} />;
  const label = (name: string) => obj.fields.find((f) => f.api_name === name)?.label ?? name;
  const kindField = activities?.fields.find((f) => f.api_name === "kind");

  return (
    <AntTimeline data-testid="timeline" items={data.map((item, i) => ({
      key: i,
      color: COLORS[item.kind] ?? "blue",
      children: (
        <div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatDateTime(item.at, i18n.language)}
            {item.user_name ? ` · ${item.user_name}` : ""}
          </Typography.Text>
          <div>
            {item.kind === "change" ? (
              <>
                <Tag>{t(`timeline.action.${item.action ?? "update"}`, { defaultValue: item.action })}</Tag>
                {Object.entries(item.changes ?? {}).slice(0, 8).map(([k, v]) => {
                  const f = obj.fields.find((x) => x.api_name === k);
                  const show = (val: unknown) => f ? <FieldValue field={f} value={val} /> : String(val ?? "—");
                  return Array.isArray(v) ? (
                    <div key={k}>{label(k)}: {show(v[0])} → {show(v[1])}</div>
                  ) : null;
                })}
              </>
            ) : (
              <>
                <Tag color={COLORS[item.kind]}>
                  {item.kind === "activity" && kindField && typeof item.activity_kind === "string"
                    ? t(`pick.kind.${item.activity_kind}`, { defaultValue: item.activity_kind })
                    : t(`timeline.kind.${item.kind}`, { defaultValue: item.kind })}
                </Tag>
                {item.status && <Tag>{t(`pick.status.${item.status}`, { defaultValue: item.status })}</Tag>}
                <span style={{ whiteSpace: "pre-wrap" }}>
                  {item.content ?? item.body ?? item.comment ?? item.title as string ?? ""}
                </span>
                {item.address && <div><Typography.Text type="secondary">📍 {item.address}</Typography.Text></div>}
              </>
            )}
          </div>
        </div>
      ),
    }))} />
  );
}
