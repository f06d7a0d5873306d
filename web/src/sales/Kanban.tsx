// The opportunity kanban: one column per stage with count and sum; drag a card to
// change its stage (PATCH). A stage that needs more fields answers 422: we ask for
// them in a dialog and move again. Keyboard: focus a card, Space, arrows, Space.
import { useState } from "react";
import { Alert, App, Button, Empty, Form, Modal, Select, Skeleton, Switch, Tag, Typography } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { DndContext, KeyboardSensor, PointerSensor, TouchSensor, useDraggable, useDroppable,
  useSensor, useSensors } from "@dnd-kit/core";
import type { DragEndEvent } from "@dnd-kit/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router-dom";
import { ApiError, api } from "../api/client";
import type { RecordData } from "../api/client";
import { useObject } from "../api/meta";
import type { FieldMeta } from "../api/meta";
import { useAuth } from "../auth/AuthContext";
import { formatDate } from "../lib/dates";
import { compactMoney, formatMoney } from "../lib/money";
import { MoneyOrWithheld } from "../shell/Withheld";
import FieldInput from "../records/FieldInput";
import RecordForm from "../records/RecordForm";
import type { Board, Column } from "./kanbanData";
import { loadBoard, moveCard } from "./kanbanData";

interface Pending { card: RecordData; toStage: string; fields: FieldMeta[]; message: string }

export default function Kanban() {
  const { t, i18n } = useTranslation();
  const { me } = useAuth();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const opps = useObject("opportunities");
  const [pipelineId, setPipelineId] = useState<string | null>(null);
  const [mine, setMine] = useState(false);
  const [pending, setPending] = useState<Pending | null>(null);
  const [creating, setCreating] = useState(false);
  const key = ["kanban", pipelineId, mine ? me?.id : null];
  const board = useQuery({ queryKey: key, queryFn: () => loadBoard(pipelineId, mine ? me?.id : undefined) });
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 200, tolerance: 8 } }),
    useSensor(KeyboardSensor),
  );

  const setColumns = (fn: (c: Column[]) => Column[]) =>
    qc.setQueryData<Board>(key, (b) => b && { ...b, columns: fn(b.columns) });

  const move = async (card: RecordData, toStage: string, extra: Record<string, unknown> = {}) => {
    const before = qc.getQueryData<Board>(key);
    setColumns((cols) => moveCard(cols, card.id, toStage));
    try {
      const saved = await api<RecordData>(`opportunities/${card.id}`, { method: "PATCH",
        body: { stage: toStage, ...extra, version: card.version } });
      setColumns((cols) => cols.map((c) => ({ ...c, items: c.items.map((i) => (i.id === saved.id ? saved : i)) })));
      setPending(null);
      void qc.invalidateQueries({ queryKey: ["kanban"] });
      void qc.invalidateQueries({ queryKey: ["record", "opportunities", card.id] });
    } catch (err) {
      if (before) qc.setQueryData(key, before);
      if (err instanceof ApiError && err.status === 422 && opps) {
        const missing = Object.keys(err.fieldErrors).map((n) => opps.fields.find((f) => f.api_name === n))
          .filter((f): f is FieldMeta => !!f && f.api_name !== "stage");
        if (missing.length) { setPending({ card, toStage, fields: missing, message: err.message }); return; }
      }
      message.error((err as Error).message);
      if (err instanceof ApiError && err.status === 409) void board.refetch();
    }
  };

  const onDragEnd = (e: DragEndEvent) => {
    const card = e.active.data.current?.card as RecordData | undefined;
    const to = e.over?.id as string | undefined;
    if (card && to && card.stage !== to) void move(card, to);
  };

  if (board.isLoading) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (board.error) return <Alert type="error" showIcon message={t("error.loadFailed")}
    description={(board.error as Error).message} />;
  const data = board.data!;
  return (
    <div data-testid="kanban">
      <div className="page-header">
        <Typography.Title level={3}>{t("kanban.title")}</Typography.Title>
        <div className="actions">
          {data.pipelines.length > 1 && <Select style={{ width: 200 }} value={data.pipelineId}
            onChange={setPipelineId} options={data.pipelines.map((p) => ({ value: p.id, label: p.name }))} />}
          <span><Switch size="small" checked={mine} onChange={setMine} /> {t("views.mine")}</span>
          {opps?.permissions.includes("create") && <Button type="primary" icon={<PlusOutlined />}
            onClick={() => setCreating(true)}>{t("common.new")}</Button>}
        </div>
      </div>
      {data.columns.length === 0 ? <Empty description={t("kanban.noStages")} /> : (
        <DndContext sensors={sensors} onDragEnd={onDragEnd}>
          <div className="kanban">
            {data.columns.map((c) => <StageColumn key={c.stage.key} column={c} lang={i18n.language} />)}
          </div>
        </DndContext>
      )}
      {pending && <RequiredFieldsDialog pending={pending} onCancel={() => setPending(null)}
        onSubmit={(values) => move(pending.card, pending.toStage, values)} />}
      <RecordForm object="opportunities" open={creating} onClose={() => setCreating(false)}
        initial={data.pipelineId ? { pipeline_id: data.pipelineId } : undefined}
        onSaved={(r) => { setCreating(false); navigate(`/o/opportunities/${r.id}`); }} />
    </div>
  );
}

function StageColumn({ column, lang }: { column: Column; lang: string }) {
  const { t } = useTranslation();
  const { setNodeRef, isOver } = useDroppable({ id: column.stage.key });
  const kind = column.stage.kind;
  return (
    <div ref={setNodeRef} className={`kanban-col${isOver ? " over" : ""}`}
      data-testid={`stage-${column.stage.key}`} aria-label={column.stage.name}>
      <div className="kanban-col-head">
        <span>{column.stage.name} {kind === "won" && <Tag color="green">{t("kanban.won")}</Tag>}
          {kind === "lost" && <Tag color="red">{t("kanban.lost")}</Tag>}</span>
        <Typography.Text type="secondary" data-testid={`stage-count-${column.stage.key}`}>{column.count}</Typography.Text>
      </div>
      <div style={{ padding: "0 4px 8px" }}>
        <Typography.Text strong className="money" data-testid={`stage-sum-${column.stage.key}`}>
          <MoneyOrWithheld value={column.amount} format={(v) => compactMoney(v, lang)} /></Typography.Text>
      </div>
      {column.items.map((card) => <Card key={card.id} card={card} lang={lang} />)}
      {column.count > column.items.length && (
        <Link to={`/o/opportunities?stage=${encodeURIComponent(column.stage.key)}`} className="kanban-more">
          {t("kanban.more", { count: column.count - column.items.length })}</Link>
      )}
    </div>
  );
}

function Card({ card, lang }: { card: RecordData; lang: string }) {
  const { attributes, listeners, setNodeRef, transform, isDragging } = useDraggable({
    id: card.id, data: { card } });
  const style = transform ? { transform: `translate(${transform.x}px, ${transform.y}px)`, zIndex: 5,
    position: "relative" as const } : undefined;
  return (
    <div ref={setNodeRef} style={style} className={`kanban-card${isDragging ? " dragging" : ""}`}
      {...listeners} {...attributes} data-testid={`card-${card.id}`}>
      <Link to={`/o/opportunities/${card.id}`} onPointerDown={(e) => e.stopPropagation()}>
        {String(card.name ?? "")}</Link>
      <div className="money">{formatMoney(card.amount as string, (card.currency as string) || "CNY")}</div>
      {typeof card.close_date === "string" && <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {formatDate(card.close_date, lang)}</Typography.Text>}
    </div>
  );
}

function RequiredFieldsDialog({ pending, onCancel, onSubmit }: { pending: Pending;
  onCancel: () => void; onSubmit: (values: Record<string, unknown>) => Promise<void> }) {
  const { t } = useTranslation();
  const [values, setValues] = useState<Record<string, unknown>>(() =>
    Object.fromEntries(pending.fields.map((f) => [f.api_name, pending.card[f.api_name] ?? null])));
  const [busy, setBusy] = useState(false);
  return (
    <Modal open title={t("kanban.needsFields")} onCancel={onCancel} confirmLoading={busy}
      onOk={async () => { setBusy(true); try { await onSubmit(values); } finally { setBusy(false); } }}
      data-testid="stage-fields-dialog">
      <Alert type="info" showIcon message={pending.message} style={{ marginBottom: 12 }} />
      <Form layout="vertical">
        {pending.fields.map((f) => (
          <Form.Item key={f.api_name} label={f.label} required>
            <FieldInput field={f} value={values[f.api_name]}
              onChange={(v) => setValues({ ...values, [f.api_name]: v })} />
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}
