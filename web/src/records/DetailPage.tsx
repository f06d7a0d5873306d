// A record's page: its fields (inline-editable), related lists, and the timeline.
import { useState } from "react";
import type { ReactNode } from "react";
import { App, Button, Card, Col, Descriptions, Result, Row, Skeleton, Space, Tabs,
  Typography } from "antd";
import { DeleteOutlined, EditOutlined } from "@ant-design/icons";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router-dom";
import { ApiError, api } from "../api/client";
import type { RecordData } from "../api/client";
import { isBookkeeping, labelOf, recordTitle, useObject, useObjects } from "../api/meta";
import type { ObjectMeta } from "../api/meta";
import RoleEditor from "../admin/RoleEditor";
import StagesEditor from "../admin/StagesEditor";
import FollowUp from "../sales/FollowUp";
import LeadActions from "../sales/LeadActions";
import OrderActions from "../sales/OrderActions";
import OrderLinesView from "../sales/OrderLinesView";
import QuoteActions from "../sales/QuoteActions";
import { FollowButton, RecordTeam } from "./Collaboration";
import CommentsPanel from "./CommentsPanel";
import InlineEdit from "./InlineEdit";
import { ObjectList } from "./ListPage";
import { useLookupNames } from "./lookups";
import RecordForm from "./RecordForm";
import Timeline from "./Timeline";

// Records one follows up with customers about (custom objects too); not settings.
const FOLLOW_UP = new Set(["accounts", "contacts", "leads", "opportunities", "quotes", "contracts",
  "orders", "tickets", "campaigns"]);

/** Business records people work on together: follow-ups, comments, followers, team. */
const collaborative = (obj: ObjectMeta) => FOLLOW_UP.has(obj.api_name) || obj.custom;

export function useRecord(object: string, id: string | undefined) {
  return useQuery({
    queryKey: ["record", object, id],
    queryFn: () => api<RecordData>(`${object}/${id}`),
    enabled: !!id,
  });
}

export default function DetailPage() {
  const { object = "", id = "" } = useParams();
  const obj = useObject(object);
  const { isLoading } = useObjects();
  const { t } = useTranslation();
  if (isLoading) return <Skeleton active />;
  if (!obj) return <Result status="404" title={t("notFound.title")} />;
  // Objects with an editor of their own add it as a tab.
  const extraTabs = object === "roles"
    ? [{ key: "permissions", label: t("roles.editor"), children: <RoleEditor id={id} /> }]
    : object === "pipelines"
      ? [{ key: "stages", label: t("stages.title"), children: <StagesEditor id={id} /> }] : undefined;
  return <RecordPage key={`${object}/${id}`} obj={obj} id={id} extraTabs={extraTabs} />;
}

export function RecordPage({ obj, id, extraTabs, summary }: { obj: ObjectMeta; id: string;
  extraTabs?: { key: string; label: string; children: ReactNode }[]; summary?: ReactNode }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { data: record, error, isLoading } = useRecord(obj.api_name, id);
  const [editing, setEditing] = useState(false);
  if (isLoading) return <Skeleton active paragraph={{ rows: 10 }} />;
  if (error || !record) {
    const missing = error instanceof ApiError && error.status === 404;
    return <Result status={missing ? "404" : "warning"}
      title={missing ? t("detail.notFound") : t("error.loadFailed")} subTitle={error?.message}
      extra={<Button onClick={() => navigate(`/o/${obj.api_name}`)}>{t("detail.backToList")}</Button>} />;
  }
  const related = <RelatedLists obj={obj} id={id} />;
  return (
    <div data-testid={`detail-${obj.api_name}`}>
      <DetailHeader obj={obj} record={record} onEdit={() => setEditing(true)} />
      {summary}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Tabs items={[
            { key: "details", label: t("detail.details"),
              children: <RecordFields obj={obj} record={record} /> },
            ...(extraTabs ?? []),
            { key: "related", label: t("detail.related"), children: related },
          ]} />
        </Col>
        <Col xs={24} xl={9}>
          <Card size="small">
            {collaborative(obj) ? <Tabs size="small" items={[
              { key: "timeline", label: t("detail.timeline"), children: <Timeline obj={obj} id={id} /> },
              { key: "comments", label: t("collab.comments"),
                children: <CommentsPanel object={obj.api_name} id={id} /> },
              { key: "team", label: t("collab.team"),
                children: <RecordTeam object={obj.api_name} id={id} /> },
            ]} /> : <>
              <Typography.Title level={5}>{t("detail.timeline")}</Typography.Title>
              <Timeline obj={obj} id={id} />
            </>}
          </Card>
        </Col>
      </Row>
      <RecordForm object={obj.api_name} open={editing} record={record}
        onClose={() => setEditing(false)} onSaved={() => setEditing(false)} />
    </div>
  );
}

function DetailHeader({ obj, record, onEdit }: { obj: ObjectMeta; record: RecordData;
  onEdit: () => void }) {
  const { t, i18n } = useTranslation();
  const { modal, message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const names = useLookupNames(obj, [record]);
  const title = recordTitle(obj, record, names) || labelOf(obj, i18n.language);
  const remove = () => modal.confirm({
    title: t("detail.deleteTitle", { name: title }),
    content: t("detail.deleteText"), okButtonProps: { danger: true }, okText: t("common.delete"),
    onOk: async () => {
      await api(`${obj.api_name}/${record.id}`, { method: "DELETE" });
      message.success(t("recycle.deletedToast"));
      void qc.invalidateQueries({ queryKey: ["list", obj.api_name] });
      navigate(`/o/${obj.api_name}`);
    },
  });
  return (
    <>
      <div className="page-header">
        <div>
          <Typography.Text type="secondary">{labelOf(obj, i18n.language)}</Typography.Text>
          <Typography.Title level={3} data-testid="record-title">{title}</Typography.Title>
        </div>
        <Space className="actions" wrap>
          {collaborative(obj) && <FollowButton object={obj.api_name} id={record.id} />}
          {obj.api_name === "leads" && <LeadActions lead={record} />}
          {obj.api_name === "orders" && <OrderActions order={record} />}
          {obj.api_name === "quotes" && <QuoteActions quote={record} />}
          {obj.permissions.includes("update") && <Button icon={<EditOutlined />} onClick={onEdit}
            data-testid="detail-edit">{t("common.edit")}</Button>}
          {obj.permissions.includes("delete") && <Button danger icon={<DeleteOutlined />}
            onClick={remove}>{t("common.delete")}</Button>}
        </Space>
      </div>
      {collaborative(obj) && <div style={{ marginBottom: 16 }}>
        <FollowUp relatedType={obj.api_name} relatedId={record.id}
          defaultAddress={(record.address as string) ?? null} />
      </div>}
    </>
  );
}

interface Layout { groups: { key: string; label: string; labels?: Record<string, string>;
  fields: string[] }[] }

/** The page layout's field groups (per stage for deals); fields it leaves out follow. */
function useFieldGroups(obj: ObjectMeta, record: RecordData) {
  const { t, i18n } = useTranslation();
  const stage = obj.api_name === "opportunities" ? (record.stage as string | undefined) : undefined;
  const layout = useQuery({
    queryKey: ["layout", obj.api_name, stage ?? ""],
    queryFn: () => api<Layout>(`meta/objects/${obj.api_name}/layout`, { query: { stage } }),
    staleTime: 5 * 60_000,
    retry: false,
  });
  const show = obj.fields.filter((f) => f.permission !== "hidden" && f.type !== "json"
    && !isBookkeeping(obj, f.api_name));
  const byName = new Map(show.map((f) => [f.api_name, f]));
  const system = new Set(["id", "version", "created_at", "updated_at", "created_by"]);
  if (layout.data?.groups) {
    const placed = new Set<string>();
    const groups = layout.data.groups.map((g) => {
      const fields = g.fields.map((n) => byName.get(n)).filter((f): f is NonNullable<typeof f> => !!f);
      fields.forEach((f) => placed.add(f.api_name));
      const key = i18n.language.startsWith("zh") ? "zh-CN" : "en";
      return { key: g.key, title: g.labels?.[key] ?? g.label, fields };
    });
    const rest = show.filter((f) => !placed.has(f.api_name) && f.api_name !== "version");
    if (rest.length) {
      const at = groups.findIndex((g) => g.key === "system");
      groups.splice(at < 0 ? groups.length : at, 0, { key: "more", title: t("detail.groupMore"), fields: rest });
    }
    return groups.filter((g) => g.fields.length);
  }
  return [
    { key: "main", title: t("detail.groupMain"), fields: show.filter((f) => !f.custom && !system.has(f.api_name)) },
    { key: "custom", title: t("detail.groupCustom"), fields: show.filter((f) => f.custom) },
    { key: "system", title: t("detail.groupSystem"), fields: show.filter((f) => system.has(f.api_name)) },
  ].filter((g) => g.fields.length);
}

export function RecordFields({ obj, record }: { obj: ObjectMeta; record: RecordData }) {
  const names = useLookupNames(obj, [record]);
  const qc = useQueryClient();
  const groups = useFieldGroups(obj, record);
  const onSaved = (r: RecordData) => {
    qc.setQueryData(["record", obj.api_name, r.id], r);
    void qc.invalidateQueries({ queryKey: ["timeline", obj.api_name, r.id] });
  };
  return (
    <>
      {Array.isArray(record.lines) && <OrderLinesView record={record} names={names} />}
      {groups.map((g) => (
        <Card key={g.key} size="small" title={g.title} style={{ marginBottom: 12 }}>
          <Descriptions column={{ xs: 1, sm: 1, md: 2 }} size="small">
            {g.fields.map((f) => (
              <Descriptions.Item key={f.api_name} label={f.label}>
                <InlineEdit obj={obj} field={f} record={record} names={names} onSaved={onSaved}
                  canEdit={obj.permissions.includes("update")} />
              </Descriptions.Item>
            ))}
          </Descriptions>
        </Card>
      ))}
    </>
  );
}

/** Lists of records that point at this one: lookups to it, and activities/tasks about it. */
export function RelatedLists({ obj, id, exclude = [] }: { obj: ObjectMeta; id: string;
  exclude?: string[] }) {
  const { t, i18n } = useTranslation();
  const { data: objects = [] } = useObjects();
  const lists: { key: string; label: string; obj: ObjectMeta; filters: Record<string, string> }[] = [];
  for (const o of objects) {
    if (exclude.includes(o.api_name)) continue;
    for (const f of o.fields) {
      if (f.type === "lookup" && f.target === obj.api_name && !["created_by", "owner_id"].includes(f.api_name)) {
        lists.push({ key: `${o.api_name}.${f.api_name}`, obj: o, filters: { [f.api_name]: id },
          label: labelOf(o, i18n.language) });
      }
    }
    const polymorphic = o.fields.some((f) => f.api_name === "related_id")
      && o.fields.some((f) => f.api_name === "related_type");
    if (polymorphic) lists.push({ key: `${o.api_name}.related`, obj: o, label: labelOf(o, i18n.language),
      filters: { related_type: obj.api_name, related_id: id } });
  }
  if (!lists.length) return <Typography.Text type="secondary">{t("detail.noRelated")}</Typography.Text>;
  return (
    <Tabs size="small" items={lists.map((l) => ({ key: l.key, label: l.label,
      children: <ObjectList obj={l.obj} fixedFilters={l.filters} compact /> }))} />
  );
}
