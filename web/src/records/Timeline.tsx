// A record's timeline (GET /<object>/{id}/timeline): activities, field changes,
// comments and approvals, newest first.
import { useMemo } from "react";
import { Empty, Skeleton, Tag, Timeline as AntTimeline, Typography } from "antd";
import { EnvironmentOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import { api } from "../api/client";
import type { RecordData } from "../api/client";
import type { ObjectMeta } from "../api/meta";
import { useObjects } from "../api/meta";
import { formatDateTime } from "../lib/dates";
import { ChangeLines, actionLabel } from "./Changes";
import { stageName, useLookupNames } from "./lookups";
import { optionLabel } from "./options";

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
  const { data: record } = useQuery({ queryKey: ["record", obj.api_name, id],
    queryFn: () => api<RecordData>(`${obj.api_name}/${id}`) });
  const metaOf = (name: string) => objects.find((o) => o.api_name === name);
  // Names for the people, linked records, stages and roles the history mentions.
  const lookupMeta = useMemo<ObjectMeta>(() => ({ ...obj, fields: [
    { api_name: "user_id", label: "", type: "lookup", target: "users", required: false, options: null,
      custom: false, readonly: true }, ...obj.fields] }), [obj]);
  const mentioned = useMemo(() => (data ?? []).flatMap((item) => {
    const changes = Object.entries(item.changes ?? {}).filter(([, v]) => Array.isArray(v));
    const side = (n: 0 | 1) => Object.fromEntries(changes.map(([k, v]) => [k, v[n]]));
    const stages = item.kind === "stage_change"
      ? [{ stage: item.from }, { stage: item.to }] : [];
    return [{ user_id: item.user_id }, { ...record, ...side(0) }, { ...record, ...side(1) },
      ...stages];
  }), [data, record]);
  const names = useLookupNames(lookupMeta, mentioned);
  if (isLoading) return <Skeleton active />;
  if (!data?.length) return <Empty description={t("timeline.empty")} />;
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
                <Tag>{actionLabel(t, item.action)}</Tag>
                <ChangeLines obj={obj} changes={item.changes} names={names} record={record} />
              </>
            ) : item.kind === "stage_change" ? (
              <>
                <Tag color="purple">{t("timeline.kind.stage_change")}</Tag>
                {typeof item.from === "string" && <>{stageName(names, item.from, record?.pipeline_id) ?? "—"} → </>}
                {(typeof item.to === "string" && stageName(names, item.to, record?.pipeline_id))
                  ?? (item.stage_name as string | undefined) ?? "—"}
              </>
            ) : item.kind === "approval" ? (
              <>
                <Tag color={COLORS.approval}>{t(`timeline.approval.${item.action ?? "other"}`,
                  { defaultValue: t("timeline.approval.other") })}</Tag>
                <span style={{ whiteSpace: "pre-wrap" }}>{text(act)}</span>
              </>
            ) : (
              <>
                <Tag color={COLORS[item.kind]}>
                  {item.kind === "activity" && typeof act.kind === "string"
                    ? choice(t, metaOf("activities"), "kind", act.kind, i18n.language)
                    : t(`timeline.kind.${item.kind}`, { defaultValue: t("timeline.action.other") })}
                </Tag>
                {typeof act.status === "string" && <Tag>{choice(t,
                  metaOf(item.kind === "task" ? "tasks" : "activities"), "status", act.status, i18n.language)}</Tag>}
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

/** A choice of another object's field, read from its metadata. */
function choice(t: TFunction, meta: ObjectMeta | undefined, field: string, value: string,
  lang: string): string {
  const f = meta?.fields.find((x) => x.api_name === field);
  return f ? optionLabel(t, f, value, lang) : t(`pick.${field}.${value}`, { defaultValue: "" });
}
