// A record's timeline (GET /<object>/{id}/timeline): activities, field changes,
// comments and approvals, newest first.
import { useMemo } from "react";
import { Empty, Skeleton, Tag, Timeline as AntTimeline, Typography } from "antd";
import { EnvironmentOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api } from "../api/client";
import type { ObjectMeta } from "../api/meta";
import { useObjects } from "../api/meta";
import { formatDateTime } from "../lib/dates";
import FieldValue from "./FieldValue";
import { useLookupNames } from "./lookups";

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

/** The payload of a non-change item: activities nest the record, others are flat. */
function detailOf(item: TimelineItem): Record<string, unknown> {
  for (const k of ["activity", "comment", "approval", "task", "record"]) {
    const v = item[k];
    if (v && typeof v === "object") return v as Record<string, unknown>;
  }
  return item;
}

function text(act: Record<string, unknown>): string {
  for (const k of ["content", "body", "comment", "text", "title", "message"]) {
    if (typeof act[k] === "string" && act[k]) return act[k] as string;
  }
  return "";
}

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
  // Names for the people and linked records the history mentions.
  const lookupMeta = useMemo<ObjectMeta>(() => ({ ...obj, fields: [
    { api_name: "user_id", label: "", type: "lookup", target: "users", required: false, options: null,
      custom: false, readonly: true },
    ...obj.fields.filter((f) => f.type === "lookup")] }), [obj]);
  const mentioned = useMemo(() => (data ?? []).flatMap((item) => [{ user_id: item.user_id },
    ...Object.entries(item.changes ?? {}).flatMap(([k, v]) => Array.isArray(v)
      ? [{ [k]: v[0] }, { [k]: v[1] }] : [])]), [data]);
  const names = useLookupNames(lookupMeta, mentioned);
  if (isLoading) return <Skeleton active />;
  if (!data?.length) return <Empty description={t("timeline.empty")} />;
  const label = (name: string) => obj.fields.find((f) => f.api_name === name)?.label ?? name;
  const kindField = activities?.fields.find((f) => f.api_name === "kind");

  return (
    <AntTimeline data-testid="timeline" items={data.map((item, i) => ({ act: detailOf(item), item, i }))
      .map(({ act, item, i }) => ({
      key: i,
      color: COLORS[item.kind] ?? "blue",
      children: (
        <div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatDateTime(item.at, i18n.language)}
            {item.user_name ? ` · ${item.user_name}`
              : item.user_id && names.get(item.user_id) ? ` · ${names.get(item.user_id)}` : ""}
          </Typography.Text>
          <div>
            {item.kind === "change" ? (
              <>
                <Tag>{t(`timeline.action.${item.action ?? "update"}`, { defaultValue: item.action })}</Tag>
                {Object.entries(item.changes ?? {}).slice(0, 8).map(([k, v]) => {
                  const f = obj.fields.find((x) => x.api_name === k);
                  const show = (val: unknown) => f ? <FieldValue field={f} value={val} names={names} />
                    : String(val ?? "—");
                  return Array.isArray(v) ? (
                    <div key={k}>{label(k)}: {show(v[0])} → {show(v[1])}</div>
                  ) : null;
                })}
              </>
            ) : (
              <>
                <Tag color={COLORS[item.kind]}>
                  {item.kind === "activity" && kindField && typeof act.kind === "string"
                    ? t(`pick.kind.${act.kind}`, { defaultValue: act.kind })
                    : t(`timeline.kind.${item.kind}`, { defaultValue: item.kind })}
                </Tag>
                {typeof act.status === "string" && <Tag>{t(`pick.status.${act.status}`, { defaultValue: act.status })}</Tag>}
                {typeof act.subject === "string" && <b>{act.subject} </b>}
                <span style={{ whiteSpace: "pre-wrap" }}>{text(act)}</span>
                {typeof act.address === "string" && act.address && (
                  <div><Typography.Text type="secondary"><EnvironmentOutlined /> {act.address}</Typography.Text></div>)}
              </>
            )}
          </div>
        </div>
      ),
    }))} />
  );
}
