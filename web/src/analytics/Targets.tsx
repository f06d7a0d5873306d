// Sales targets (销售目标): a manager sets a month's or a quarter's target per rep and
// per department, changes it (with its version) or removes it, and sees attainment,
// gap and the ranking. A department without its own target shows its members' sum.
import { useState } from "react";
import { Alert, App, Button, Card, Col, Form, Input, Modal, Popconfirm, Progress, Row, Select, Skeleton,
  Space, Table, Tabs, Tag, Typography } from "antd";
import { DeleteOutlined, EditOutlined } from "@ant-design/icons";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { ApiError, api } from "../api/client";
import { useAuth } from "../auth/AuthContext";
import { formatMoney, isDecimal } from "../lib/money";
import { DEFAULT_CURRENCY, currencyOf } from "./currency";
import CurrencyNotice, { AmountsIn } from "./CurrencyNotice";
import { attainmentPercent } from "./figures";
import PeriodPicker, { usePeriod } from "./PeriodPicker";
import type { Attainment, AttainmentData, LeaderboardData } from "./TargetCards";
import { Leaderboard, TargetGauge } from "./TargetCards";

interface TargetRecord { id: string; subject_type: "user" | "department"; subject_id: string; metric: string;
  period: string; amount: string; version: number }
interface Editing { subjectType: "user" | "department"; subjectId: string; name: string; record?: TargetRecord }

export default function Targets() {
  const { t } = useTranslation();
  const picker = usePeriod("month");
  const { period } = picker;
  const [metric, setMetric] = useState("won_amount");
  const [by, setBy] = useState("actual");
  const [editing, setEditing] = useState<Editing | null>(null);
  // Reps (own data scope) read their targets; managers and administrators set them.
  const canSet = useAuth().me?.data_scope !== "own";
  const query = { period, metric };
  const figures = useQuery({ queryKey: ["analytics", "targets", period, metric],
    queryFn: () => api<AttainmentData>("analytics/targets", { query }) });
  const records = useQuery({ queryKey: ["targets", period, metric],
    queryFn: () => api<{ items: TargetRecord[] }>("targets", { query }) });
  const board = useQuery({ queryKey: ["analytics", "leaderboard", period, metric, by],
    queryFn: () => api<LeaderboardData>("analytics/leaderboard", { query: { ...query, by } }) });
  // GET /targets?period=2026-Q4 also lists the quarter's months: keep this period's own.
  const code = figures.data?.currency?.code ?? DEFAULT_CURRENCY;
  const recordOf = (type: string, id: string) => records.data?.items.find((r) =>
    r.subject_type === type && r.subject_id === id && r.period.toUpperCase() === period.toUpperCase());

  const columns = (type: "user" | "department") => [
    { key: "name", title: t(type === "user" ? "analytics.targets.rep" : "analytics.targets.department"),
      render: (_: unknown, r: Attainment) => r.name ?? "—" },
    { key: "target", title: t("analytics.targets.target"), align: "right" as const,
      render: (_: unknown, r: Attainment & { target_source?: string }) => <>
        {r.target === null ? "—" : formatMoney(r.target, code)}
        {r.target_source === "rolled_up" && r.target !== null && <Tag style={{ marginInlineStart: 6 }}>
          {t("analytics.targets.rolledUp")}</Tag>}
      </> },
    { key: "actual", title: t("analytics.targets.actual"), align: "right" as const,
      render: (_: unknown, r: Attainment) => formatMoney(r.actual, code) },
    { key: "att", title: t("analytics.targets.attainment"), width: 180, render: (_: unknown, r: Attainment) => {
      const p = attainmentPercent(r.actual, r.target);
      return p === null ? "—" : <Progress size="small" percent={Math.min(p, 100)} format={() => `${p}%`}
        status={p >= 100 ? "success" : "normal"} />;
    } },
    { key: "gap", title: t("analytics.targets.gap"), align: "right" as const,
      render: (_: unknown, r: Attainment) => r.gap === null ? "—" : formatMoney(r.gap, code) },
    ...(!canSet ? [] : [{ key: "act", title: "", render: (_: unknown, r: Attainment) => {
      const id = (type === "user" ? r.user_id : r.department_id) ?? "";
      const record = recordOf(type, id);
      return <Space>
        <Button size="small" icon={<EditOutlined />} data-testid={`target-set-${id}`}
          onClick={() => setEditing({ subjectType: type, subjectId: id, name: r.name ?? "", record })}>
          {record ? t("analytics.targets.change") : t("analytics.targets.set")}</Button>
        {record && <RemoveTarget record={record} />}
      </Space>;
    } }]),
  ];

  return (
    <div data-testid="targets">
      <div className="page-header">
        <Typography.Title level={3}>{t("analytics.targets.title")}</Typography.Title>
        <Space wrap className="actions">
          <PeriodPicker {...picker} />
          <Select aria-label={t("analytics.targets.metric")} style={{ width: 170 }} value={metric} onChange={setMetric}
            options={["won_amount", "paid_amount"].map((m) => ({ value: m, label: t(`analytics.targets.metrics.${m}`) }))} />
          {figures.data && <AmountsIn code={code} />}
        </Space>
      </div>
      <CurrencyNotice currency={[currencyOf(figures.data), currencyOf(board.data)]} />
      {figures.error && <Alert type="error" showIcon message={t("analytics.loadFailed")}
        description={(figures.error as Error).message} style={{ marginBottom: 16 }} />}
      {figures.isLoading ? <Skeleton active paragraph={{ rows: 10 }} /> : figures.data && (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={16}>
            <Card size="small">
              <Tabs items={[
                { key: "user", label: t("analytics.targets.reps"), children: <Table<Attainment> size="small"
                  rowKey={(r) => r.user_id ?? ""} pagination={false} scroll={{ x: "max-content" }}
                  dataSource={figures.data.users} columns={columns("user")} data-testid="targets-users" /> },
                { key: "department", label: t("analytics.targets.departments"), children: <Table<Attainment> size="small"
                  rowKey={(r) => r.department_id ?? ""} pagination={false} scroll={{ x: "max-content" }}
                  dataSource={figures.data.departments} columns={columns("department")} /> },
              ]} />
            </Card>
          </Col>
          <Col xs={24} xl={8}>
            <Card size="small" title={t("analytics.targets.attainment")} style={{ marginBottom: 16 }}>
              <TargetGauge data={figures.data} />
            </Card>
            <Card size="small" title={t("dashboard.leaderboard")}>
              {board.data ? <Leaderboard data={board.data} by={by} onBy={setBy} />
                : <Skeleton active paragraph={{ rows: 4 }} />}
            </Card>
          </Col>
        </Row>
      )}
      {editing && <TargetDialog editing={editing} period={period} metric={metric} currency={code}
        onClose={() => setEditing(null)} />}
    </div>
  );
}

function useRefresh() {
  const qc = useQueryClient();
  return () => Promise.all([qc.invalidateQueries({ queryKey: ["targets"] }),
    qc.invalidateQueries({ queryKey: ["analytics"] })]);
}

function TargetDialog({ editing, period, metric, currency, onClose }: { editing: Editing; period: string;
  metric: string; currency: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const refresh = useRefresh();
  const [amount, setAmount] = useState(editing.record?.amount ?? "");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const valid = isDecimal(amount.replace(/[,\s]/g, "")) && !amount.trim().startsWith("-");
  const save = async () => {
    if (!valid) { setError(t("analytics.targets.amountInvalid")); return; }
    setBusy(true);
    const value = amount.replace(/[,\s]/g, "");
    try {
      if (editing.record) {
        await api(`targets/${editing.record.id}`, { method: "PATCH",
          body: { amount: value, version: editing.record.version } });
      } else {
        await api("targets", { body: { subject_type: editing.subjectType, subject_id: editing.subjectId,
          metric, period, amount: value } });
      }
      await refresh();
      message.success(t("analytics.saved"));
      onClose();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        message.warning(t("analytics.targets.conflict"));
        await refresh();
        onClose();
      } else {
        setError(err instanceof ApiError ? Object.values(err.fieldErrors)[0] ?? err.message : (err as Error).message);
      }
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={t("analytics.targets.dialogTitle", { name: editing.name, period })} onCancel={onClose}
      onOk={() => void save()} confirmLoading={busy} okText={t("analytics.save")} okButtonProps={{ "data-testid": "target-save" }}>
      <Form layout="vertical" onFinish={() => void save()}>
        <Form.Item label={t(`analytics.targets.metrics.${metric}`)} validateStatus={error ? "error" : ""} help={error}>
          {/* The company currency's sign ("¥", "$") or code, as formatMoney writes it. */}
          <Input autoFocus inputMode="decimal" prefix={formatMoney("0", currency).replace(/[-\d.,\s]/g, "") || currency}
            value={amount} data-testid="target-amount"
            onChange={(e) => { setAmount(e.target.value); setError(null); }} onPressEnter={() => void save()} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function RemoveTarget({ record }: { record: TargetRecord }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const refresh = useRefresh();
  return (
    <Popconfirm title={t("analytics.targets.removeConfirm")} onConfirm={async () => {
      try {
        await api(`targets/${record.id}`, { method: "DELETE" });
      } catch (err) {
        message.error((err as Error).message);
      }
      await refresh();
    }}>
      <Button size="small" danger icon={<DeleteOutlined />} aria-label={t("analytics.targets.remove")} />
    </Popconfirm>
  );
}
