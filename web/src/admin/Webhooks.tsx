// Webhooks: subscriptions (URL + event types, signed with a secret shown once), turned
// off and on, and each one's delivery log with a Replay for a delivery that went wrong.
import { useState } from "react";
import { Alert, App, Button, Drawer, Empty, Form, Input, Modal, Select, Space, Switch, Table, Tag, Tooltip,
  Typography } from "antd";
import { DeleteOutlined, EditOutlined, PlusOutlined, ReloadOutlined, SendOutlined, UnorderedListOutlined }
  from "@ant-design/icons";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { ApiError, api } from "../api/client";
import { labelOf, useObjects } from "../api/meta";
import { formatDateTime } from "../lib/dates";
import { useIsMobile } from "../shell/useIsMobile";
import { problemText } from "./problems";
import type { Delivery, Webhook } from "./webhooks";
import { URL_PATTERN, eventGroups, newSecret, redundantEvents, statusColor } from "./webhooks";

export default function Webhooks() {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const qc = useQueryClient();
  const [editing, setEditing] = useState<Webhook | "new" | null>(null);
  const [logOf, setLogOf] = useState<Webhook | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const list = useQuery({ queryKey: ["webhooks"], queryFn: () => api<{ items: Webhook[] }>("webhooks") });
  const refresh = () => qc.invalidateQueries({ queryKey: ["webhooks"] });

  const toggle = async (w: Webhook, on: boolean) => {
    try {
      await api(`webhooks/${w.id}`, { method: "PATCH", body: { is_active: on, version: w.version } });
      message.success(on ? t("webhooks.enabled") : t("webhooks.disabledNow"));
    } catch (err) {
      message.error(problemText(err, t));
    }
    void refresh();
  };
  const remove = (w: Webhook) => modal.confirm({ title: t("webhooks.deleteTitle", { url: w.url }),
    content: t("webhooks.deleteText"), okText: t("common.delete"), okButtonProps: { danger: true },
    onOk: async () => { await api(`webhooks/${w.id}`, { method: "DELETE" }); void refresh(); } });

  return (
    <div data-testid="webhooks-admin">
      <div className="page-header">
        <Typography.Title level={3}>{t("webhooks.title")}</Typography.Title>
        <div className="actions"><Button type="primary" icon={<PlusOutlined />} data-testid="webhook-new"
          onClick={() => setEditing("new")}>{t("webhooks.new")}</Button></div>
      </div>
      <Typography.Paragraph type="secondary">{t("webhooks.intro")}</Typography.Paragraph>
      {list.error && <Alert type="error" showIcon message={problemText(list.error, t)}
        action={<Button size="small" onClick={() => void list.refetch()}>{t("common.retry")}</Button>} />}
      <Table<Webhook> size="small" rowKey="id" loading={list.isLoading} dataSource={list.data?.items ?? []}
        pagination={false} scroll={{ x: "max-content" }}
        locale={{ emptyText: <Empty description={t("webhooks.empty")} /> }} columns={[
          { key: "url", title: t("webhooks.url"), render: (_, w) => <>
            <Typography.Text copyable style={{ maxWidth: 360 }} ellipsis={{ tooltip: w.url }}>{w.url}</Typography.Text>
            {w.description && <div><Typography.Text type="secondary">{w.description}</Typography.Text></div>}</> },
          { key: "events", title: t("webhooks.events"), render: (_, w) => <>
            {w.events.slice(0, 3).map((e) => <Tag key={e}>{e}</Tag>)}
            {w.events.length > 3 && <Tooltip title={w.events.slice(3).join(", ")}><Tag>+{w.events.length - 3}</Tag></Tooltip>}</> },
          { key: "state", title: t("webhooks.state"), render: (_, w) => <Space>
            <Switch size="small" checked={w.is_active} aria-label={t("webhooks.active")}
              onChange={(on) => void toggle(w, on)} />
            {w.is_active ? <Tag color="green">{t("webhooks.active")}</Tag>
              : <Tooltip title={w.disabled_at ? t("webhooks.autoDisabled", { count: w.consecutive_failures }) : undefined}>
                <Tag color={w.disabled_at ? "red" : undefined}>{t("webhooks.inactive")}</Tag></Tooltip>}
            {w.is_active && w.consecutive_failures > 0 && <Tag color="orange">
              {t("webhooks.failures", { count: w.consecutive_failures })}</Tag>}</Space> },
          { key: "secret", title: t("webhooks.secret"), render: (_, w) => <Typography.Text code>{w.secret_hint}</Typography.Text> },
          { key: "x", render: (_, w) => <Space>
            <Button size="small" icon={<UnorderedListOutlined />} onClick={() => setLogOf(w)}
              data-testid="webhook-deliveries">{t("webhooks.deliveries")}</Button>
            <Button size="small" type="text" icon={<EditOutlined />} aria-label={t("common.edit")} onClick={() => setEditing(w)} />
            <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t("common.delete")}
              onClick={() => remove(w)} /></Space> },
        ]} />
      {editing && <WebhookDialog row={editing === "new" ? null : editing} onClose={() => setEditing(null)}
        onSaved={(w) => { setEditing(null); void refresh(); if (w.secret) setSecret(w.secret); }} />}
      {logOf && <DeliveriesDrawer hook={logOf} onClose={() => setLogOf(null)} />}
      <Modal open={!!secret} title={t("webhooks.secretTitle")} onCancel={() => setSecret(null)}
        footer={<Button type="primary" onClick={() => setSecret(null)}>{t("webhooks.secretDone")}</Button>}>
        <Alert type="warning" showIcon message={t("webhooks.secretOnce")} style={{ marginBottom: 12 }} />
        <Typography.Paragraph copyable code data-testid="webhook-secret">{secret}</Typography.Paragraph>
        <Typography.Paragraph type="secondary">{t("webhooks.signatureHelp")}</Typography.Paragraph>
      </Modal>
    </div>
  );
}

function WebhookDialog({ row, onClose, onSaved }: { row: Webhook | null; onClose: () => void;
  onSaved: (w: Webhook) => void }) {
  const { t, i18n } = useTranslation();
  const { data: objects = [] } = useObjects();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const events: string[] = Form.useWatch("events", form) ?? row?.events ?? [];
  const covered = redundantEvents(events);
  const labels = new Map(objects.map((o) => [o.api_name, labelOf(o, i18n.language)]));
  const options = [{ label: t("webhooks.everything"), options: [{ value: "*", label: `* — ${t("webhooks.allEvents")}` }] },
    ...eventGroups(objects).map((g) => ({ label: labels.get(g.object) ?? g.object,
      options: g.events.map((e) => ({ value: e, label: e })) }))];

  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    const body: Record<string, unknown> = { url: v.url.trim(), events: v.events, description: v.description || null };
    if (v.secret) body.secret = v.secret;
    try {
      const saved = row
        ? await api<Webhook>(`webhooks/${row.id}`, { method: "PATCH", body: { ...body, version: row.version } })
        : await api<Webhook>("webhooks", { body });
      onSaved(saved);
    } catch (err) {
      if (err instanceof ApiError) {
        form.setFields(Object.entries(err.fieldErrors).filter(([k]) => ["url", "secret", "description"].includes(k))
          .map(([name, m]) => ({ name, errors: [m] })));
      }
      setError(problemText(err, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open width={640} title={row ? t("webhooks.edit") : t("webhooks.new")} onCancel={onClose}
      onOk={() => void save()} confirmLoading={busy} okText={t("common.save")}>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={{ url: row?.url ?? "", events: row?.events ?? [],
        description: row?.description ?? "" }}>
        <Form.Item name="url" label={t("webhooks.url")} extra={t("webhooks.urlHelp")} rules={[
          { required: true, message: t("form.requiredShort") },
          { pattern: URL_PATTERN, message: t("webhooks.urlPattern") }]}>
          <Input placeholder="https://example.com/hooks/salescrm" maxLength={2000} id="webhook-url" />
        </Form.Item>
        <Form.Item name="events" label={t("webhooks.events")} extra={t("webhooks.eventsHelp")}
          rules={[{ required: true, type: "array", min: 1, message: t("webhooks.eventsRequired") }]}>
          <Select mode="tags" options={options} placeholder="accounts.created" id="webhook-events"
            tokenSeparators={[",", " "]} maxCount={100} />
        </Form.Item>
        {covered.length > 0 && <Alert type="info" showIcon style={{ marginBottom: 12 }}
          message={t("webhooks.covered", { events: covered.join(", ") })} />}
        <Form.Item name="description" label={t("webhooks.description")}>
          <Input maxLength={500} />
        </Form.Item>
        <Form.Item label={t("webhooks.secret")} extra={row ? t("webhooks.secretKeep") : t("webhooks.secretHelp")}>
          <Space.Compact style={{ width: "100%" }}>
            <Form.Item name="secret" noStyle rules={[{ min: 16, max: 200, message: t("webhooks.secretLength") }]}>
              <Input.Password placeholder={row ? row.secret_hint : t("webhooks.secretAuto")} autoComplete="new-password" />
            </Form.Item>
            <Button onClick={() => form.setFieldValue("secret", newSecret())}>{t("webhooks.generate")}</Button>
          </Space.Compact>
        </Form.Item>
      </Form>
    </Modal>
  );
}

function DeliveriesDrawer({ hook, onClose }: { hook: Webhook; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const mobile = useIsMobile();
  const [status, setStatus] = useState<string | undefined>();
  const log = useQuery({ queryKey: ["webhooks", hook.id, "deliveries", status ?? ""],
    queryFn: () => api<{ items: Delivery[] }>(`webhooks/${hook.id}/deliveries`, { query: { status } }),
    refetchInterval: 15_000 });
  const replay = async (d: Delivery) => {
    try {
      await api(`webhooks/${hook.id}/deliveries/${d.id}/replay`, { method: "POST" });
      message.success(t("webhooks.replayed"));
      void log.refetch();
    } catch (err) {
      message.error(problemText(err, t));
    }
  };
  return (
    <Drawer open onClose={onClose} width={mobile ? "100%" : 900} title={t("webhooks.deliveriesOf", { url: hook.url })}
      extra={<Space>
        <Select allowClear style={{ width: 150 }} placeholder={t("webhooks.anyStatus")} value={status} onChange={setStatus}
          options={["pending", "succeeded", "failed", "cancelled"].map((s) => ({ value: s, label: t(`webhooks.status.${s}`) }))} />
        <Button icon={<ReloadOutlined />} aria-label={t("webhooks.refresh")} onClick={() => void log.refetch()} /></Space>}>
      {log.error && <Alert type="error" showIcon message={problemText(log.error, t)} />}
      <Table<Delivery> size="small" rowKey="id" loading={log.isLoading} dataSource={log.data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }} scroll={{ x: "max-content" }} data-testid="deliveries"
        locale={{ emptyText: <Empty description={t("webhooks.noDeliveries")} /> }}
        expandable={{ rowExpandable: (d) => !!d.last_error, expandedRowRender: (d) =>
          <Typography.Text type="danger" style={{ whiteSpace: "pre-wrap" }}>{d.last_error}</Typography.Text> }}
        columns={[
          { key: "at", title: t("webhooks.at"), render: (_, d) => formatDateTime(d.created_at, i18n.language) },
          { key: "type", title: t("webhooks.eventType"), render: (_, d) => <>{d.event_type}
            {d.replay_of && <Tag style={{ marginLeft: 6 }}>{t("webhooks.replay")}</Tag>}</> },
          { key: "status", title: t("webhooks.deliveryStatus"), render: (_, d) =>
            <Tag color={statusColor(d.status)}>{t(`webhooks.status.${d.status}`)}</Tag> },
          { key: "attempts", title: t("webhooks.attempts"), dataIndex: "attempts" },
          { key: "code", title: t("webhooks.responseCode"), render: (_, d) => d.last_status_code ?? "—" },
          { key: "next", title: t("webhooks.nextRetry"), render: (_, d) => d.status === "pending" && d.next_attempt_at
            ? formatDateTime(d.next_attempt_at, i18n.language) : "—" },
          { key: "x", render: (_, d) => <Button size="small" icon={<SendOutlined />} disabled={!hook.is_active}
            onClick={() => void replay(d)}>{t("webhooks.replay")}</Button> },
        ]} />
    </Drawer>
  );
}
