// "My day": what the signed-in rep should do today — overdue and due tasks, with
// one-tap done — plus shortcuts to what they create most.
import { useState } from "react";
import { App, Button, Card, Checkbox, Col, Empty, List, Row, Space, Tag, Typography } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router-dom";
import { api } from "../api/client";
import type { Page, RecordData } from "../api/client";
import { labelOf, recordTitle, useObject, useObjects } from "../api/meta";
import { useAuth } from "../auth/AuthContext";
import { formatDate, formatDateTime, isOverdue } from "../lib/dates";
import { formatMoney } from "../lib/money";
import RecordForm from "../records/RecordForm";

export default function MyDay() {
  const { t, i18n } = useTranslation();
  const { me } = useAuth();
  const { data: objects = [] } = useObjects();
  const navigate = useNavigate();
  const [creating, setCreating] = useState<string | null>(null);
  const tasks = useObject("tasks");
  const hour = new Date().getHours();
  const greeting = t(hour < 12 ? "myDay.morning" : hour < 18 ? "myDay.afternoon" : "myDay.evening",
    { name: me?.name });
  const shortcuts = ["accounts", "contacts", "leads", "opportunities", "tasks"]
    .map((n) => objects.find((o) => o.api_name === n))
    .filter((o) => o?.permissions.includes("create"));

  return (
    <div data-testid="my-day">
      <div className="page-header">
        <Typography.Title level={3}>{greeting}</Typography.Title>
        <Space className="actions" wrap>
          {shortcuts.map((o) => (
            <Button key={o!.api_name} icon={<PlusOutlined />} onClick={() => setCreating(o!.api_name)}>
              {labelOf(o!, i18n.language)}</Button>
          ))}
        </Space>
      </div>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          {tasks ? <TodayTasks /> : (
            <Card title={t("myDay.tasks")}><Empty description={t("myDay.tasksSoon")} /></Card>
          )}
        </Col>
        <Col xs={24} lg={10}>
          <ClosingDeals />
          <RecentRecords object="accounts" />
        </Col>
      </Row>
      {creating && <RecordForm object={creating} open onClose={() => setCreating(null)}
        onSaved={(r) => { setCreating(null); navigate(`/o/${creating}/${r.id}`); }} />}
    </div>
  );
}

function TodayTasks() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const { data, isLoading } = useQuery({
    queryKey: ["list", "tasks", "my_day", tz],
    queryFn: () => api<{ overdue: RecordData[]; today: RecordData[] }>("tasks/my_day", { query: { tz } }),
  });
  const items = [...(data?.overdue ?? []), ...(data?.today ?? [])];
  const done = async (task: RecordData) => {
    try {
      await api(`tasks/${task.id}`, { method: "PATCH", body: { status: "done", version: task.version } });
      message.success(t("myDay.taskDone"));
    } catch (err) {
      message.error((err as Error).message);
    }
    void qc.invalidateQueries({ queryKey: ["list", "tasks"] });
  };
  return (
    <Card title={t("myDay.tasks")} extra={<Link to="/o/tasks">{t("common.all")}</Link>}>
      <List loading={isLoading} dataSource={items} data-testid="today-tasks"
        locale={{ emptyText: <Empty description={t("myDay.noTasks")} /> }}
        renderItem={(task) => {
          const due = task.due_at as string | null;
          return (
            <List.Item>
              <Checkbox onChange={() => void done(task)} aria-label={t("myDay.markDone")}
                style={{ marginRight: 12 }} />
              <List.Item.Meta
                title={<Link to={`/o/tasks/${task.id}`}>{String(task.title ?? "")}</Link>}
                description={due && <Tag color={isOverdue(due) ? "red" : "blue"}>
                  {isOverdue(due) ? t("myDay.overdue") : t("myDay.due")} {formatDateTime(due, i18n.language)}
                </Tag>} />
              {typeof task.related_type === "string" && typeof task.related_id === "string" && (
                <Link to={`/o/${task.related_type}/${task.related_id}`}>{t("myDay.openRelated")}</Link>
              )}
            </List.Item>
          );
        }} />
    </Card>
  );
}

/** Open deals closing within 30 days, soonest first: what to push this month. */
function ClosingDeals() {
  const { t, i18n } = useTranslation();
  const opps = useObject("opportunities");
  const until = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const query = { status: "open", close_date__lte: until, sort: "close_date", limit: 8 };
  const { data, isLoading } = useQuery({
    queryKey: ["list", "opportunities", query],
    queryFn: () => api<Page>("opportunities", { query }),
    enabled: !!opps,
  });
  if (!opps) return null;
  return (
    <Card title={t("myDay.closing")} style={{ marginBottom: 16 }} extra={<Link to="/pipeline">{t("nav.kanban")}</Link>}>
      <List loading={isLoading} dataSource={data?.items ?? []} size="small" data-testid="closing-deals"
        locale={{ emptyText: <Empty description={t("myDay.noClosing")} /> }}
        renderItem={(r) => (
          <List.Item>
            <Link to={`/o/opportunities/${r.id}`}>{recordTitle(opps, r)}</Link>
            <span>
              <span className="money">{formatMoney(r.amount as string)}</span>{" "}
              <Tag color={isOverdue(r.close_date as string) ? "red" : "default"}>
                {formatDate(r.close_date as string, i18n.language)}</Tag>
            </span>
          </List.Item>
        )} />
    </Card>
  );
}

function RecentRecords({ object }: { object: string }) {
  const { t, i18n } = useTranslation();
  const obj = useObject(object);
  // Everything the user may see (data scope): a rep sees theirs, a manager the team's.
  const query = { sort: "-updated_at", limit: 8 };
  const { data, isLoading } = useQuery({
    queryKey: ["list", object, query],
    queryFn: () => api<Page>(object, { query }),
    enabled: !!obj,
  });
  if (!obj) return null;
  return (
    <Card title={t("myDay.recent", { object: labelOf(obj, i18n.language) })}
      extra={<Link to={`/o/${object}`}>{t("common.all")}</Link>}>
      <List loading={isLoading} dataSource={data?.items ?? []} size="small"
        locale={{ emptyText: <Empty description={t("list.empty")} /> }}
        renderItem={(r) => (
          <List.Item>
            <Link to={`/o/${object}/${r.id}`}>{recordTitle(obj, r)}</Link>
            <Typography.Text type="secondary">{formatDateTime(r.updated_at as string, i18n.language)}</Typography.Text>
          </List.Item>
        )} />
    </Card>
  );
}
