// Page layouts: the sections of a record page and the fields in each, per object (and for
// deals per stage). Fields are dragged within and between sections, sections are dragged
// (or moved with the arrows) into order — with the mouse, touch or the keyboard (focus a
// handle, Space to pick up, arrows to move, Space to drop). Reset returns to the default.
import { useEffect, useMemo, useState } from "react";
import { Alert, App, Button, Card, Empty, Form, Input, Modal, Select, Skeleton, Space, Tag, Tooltip, Typography }
  from "antd";
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, EditOutlined, HolderOutlined, PlusOutlined, UndoOutlined }
  from "@ant-design/icons";
import { DndContext, KeyboardSensor, PointerSensor, TouchSensor, closestCorners, pointerWithin, useDroppable, useSensor,
  useSensors } from "@dnd-kit/core";
import type { CollisionDetection, DragEndEvent, DragOverEvent } from "@dnd-kit/core";
import { SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router-dom";
import { ApiError, api } from "../api/client";
import type { Page, RecordData } from "../api/client";
import { labelOf, useObjects } from "../api/meta";
import type { ObjectMeta } from "../api/meta";
import type { Labels, LayoutGroup } from "./layout";
import { POOL, addGroup, dragEnd, dragOver, fieldId, groupId, removeGroup, shiftGroup, toBody, withPool } from "./layout";
import { problemText } from "./problems";

interface ServerLayout { object: string; stage: string | null; source: "default" | "object" | "stage";
  groups: (LayoutGroup & { label: string })[] }

/** Fields a layout can place: everything but the record's id and version and raw JSON. */
export function placeableFields(obj: ObjectMeta | undefined): string[] {
  return (obj?.fields ?? []).filter((f) => f.api_name !== "id" && f.api_name !== "version" && f.type !== "json")
    .map((f) => f.api_name);
}

/** Where the pointer is wins (a field under it, else the section under it): the nearest
 * corners alone pick a neighbouring section when sections differ in size. The keyboard
 * has no pointer and uses the nearest corners. */
const collision: CollisionDetection = (args) => {
  const within = pointerWithin(args);
  if (!within.length) return closestCorners(args);
  const fields = within.filter((c) => String(c.id).startsWith("field:"));
  return fields.length ? fields : within;
};

export default function LayoutEditor() {
  const { t, i18n } = useTranslation();
  const { object = "accounts" } = useParams();
  const navigate = useNavigate();
  const { modal, message } = App.useApp();
  const qc = useQueryClient();
  const { data: objects = [] } = useObjects();
  const obj = objects.find((o) => o.api_name === object);
  const [stage, setStage] = useState<string | undefined>();
  const [groups, setGroups] = useState<LayoutGroup[]>([]);
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<LayoutGroup | "new" | null>(null);
  const layout = useQuery({ queryKey: ["layout-admin", object, stage ?? ""], enabled: !!obj,
    queryFn: () => api<ServerLayout>(`meta/objects/${object}/layout`, { query: { stage } }) });
  const stages = useStages(object === "opportunities");
  const all = useMemo(() => placeableFields(obj), [obj]);
  useEffect(() => {
    if (layout.data) { setGroups(withPool(layout.data.groups, all)); setDirty(false); setError(null); }
  }, [layout.data, all]);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 200, tolerance: 8 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const change = (next: LayoutGroup[]) => { if (next !== groups) { setGroups(next); setDirty(true); } };
  const fieldLabel = (name: string) => {
    const f = obj?.fields.find((x) => x.api_name === name);
    return f ? labelOf(f, i18n.language) : name;
  };
  const groupTitle = (g: LayoutGroup) => (i18n.language.startsWith("zh") ? g.labels["zh-CN"] : g.labels.en) || g.key;
  const afterWrite = async () => {
    setDirty(false);
    await Promise.all([qc.invalidateQueries({ queryKey: ["layout"] }), qc.invalidateQueries({ queryKey: ["layout-admin", object] })]);
  };

  const save = async () => {
    setBusy(true); setError(null);
    try {
      await api(`meta/objects/${object}/layout`, { method: "PUT", query: { stage }, body: toBody(groups) });
      message.success(t("common.saved"));
      await afterWrite();
    } catch (err) {
      setError(problemText(err, t));
    } finally {
      setBusy(false);
    }
  };
  const reset = () => modal.confirm({ title: t("layouts.resetTitle"),
    content: stage ? t("layouts.resetStageText") : t("layouts.resetText"), okText: t("layouts.reset"),
    okButtonProps: { danger: true },
    onOk: async () => {
      try {
        await api(`meta/objects/${object}/layout`, { method: "DELETE", query: { stage } });
      } catch (err) {
        if (!(err instanceof ApiError && err.status === 404)) { message.error(problemText(err, t)); return; }
      }
      message.success(t("layouts.resetDone"));
      await afterWrite();
    } });

  const onDragOver = ({ active, over }: DragOverEvent) =>
    change(dragOver(groups, String(active.id), over ? String(over.id) : null));
  const onDragEnd = ({ active, over }: DragEndEvent) =>
    change(dragEnd(groups, String(active.id), over ? String(over.id) : null));
  const real = groups.filter((g) => g.key !== POOL);
  const pool = groups.find((g) => g.key === POOL);

  return (
    <div data-testid="layout-editor">
      <div className="page-header">
        <Typography.Title level={3}>{t("layouts.title")}</Typography.Title>
        <div className="actions">
          <Select style={{ width: 180 }} value={object} showSearch optionFilterProp="label" aria-label={t("layouts.object")}
            onChange={(o) => { setStage(undefined); navigate(`/admin/layouts/${o}`); }} data-testid="layout-object"
            options={objects.map((o) => ({ value: o.api_name, label: labelOf(o, i18n.language) }))} />
          {object === "opportunities" && <Select allowClear style={{ width: 180 }} value={stage} onChange={setStage}
            placeholder={t("layouts.allStages")} aria-label={t("layouts.stage")} options={stages} />}
        </div>
      </div>
      <Typography.Paragraph type="secondary">{t("layouts.intro")}</Typography.Paragraph>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      {layout.error && <Alert type="error" showIcon message={problemText(layout.error, t)} style={{ marginBottom: 12 }}
        action={<Button size="small" onClick={() => void layout.refetch()}>{t("common.retry")}</Button>} />}
      {!layout.data && !layout.error ? <Skeleton active paragraph={{ rows: 8 }} /> : layout.data && <>
        <Space wrap style={{ marginBottom: 12 }}>
          <Tag color={layout.data.source === "default" ? undefined : "blue"} data-testid="layout-source">
            {t(`layouts.source.${layout.data.source}`)}</Tag>
          <Button icon={<PlusOutlined />} onClick={() => setRenaming("new")}>{t("layouts.addSection")}</Button>
          <Button icon={<UndoOutlined />} disabled={layout.data.source === (stage ? "object" : "default")}
            onClick={reset}>{t("layouts.reset")}</Button>
          <Button type="primary" loading={busy} disabled={!dirty} onClick={() => void save()}
            data-testid="layout-save">{t("common.save")}</Button>
          {dirty && <Typography.Text type="warning">{t("layouts.unsaved")}</Typography.Text>}
        </Space>
        <DndContext sensors={sensors} collisionDetection={collision} onDragOver={onDragOver} onDragEnd={onDragEnd}>
          <SortableContext items={real.map((g) => groupId(g.key))} strategy={verticalListSortingStrategy}>
            {real.map((g, i) => (
              <Section key={g.key} group={g} title={groupTitle(g)} fieldLabel={fieldLabel}
                extra={<Space size={0}>
                  <Button size="small" type="text" icon={<ArrowUpOutlined />} disabled={i === 0}
                    aria-label={t("layouts.up")} onClick={() => change(shiftGroup(groups, g.key, -1))} />
                  <Button size="small" type="text" icon={<ArrowDownOutlined />} disabled={i === real.length - 1}
                    aria-label={t("layouts.down")} onClick={() => change(shiftGroup(groups, g.key, 1))} />
                  <Button size="small" type="text" icon={<EditOutlined />} aria-label={t("layouts.rename")}
                    onClick={() => setRenaming(g)} />
                  <Tooltip title={t("layouts.removeSection")}>
                    <Button size="small" type="text" icon={<DeleteOutlined />} aria-label={t("layouts.removeSection")}
                      onClick={() => change(removeGroup(groups, g.key))} /></Tooltip></Space>} />
            ))}
          </SortableContext>
          {pool && <PoolSection group={pool} title={t("layouts.pool")} fieldLabel={fieldLabel}
            extra={<Typography.Text type="secondary">{t("layouts.poolHelp")}</Typography.Text>} />}
        </DndContext>
      </>}
      {renaming && <RenameDialog group={renaming === "new" ? null : renaming} onClose={() => setRenaming(null)}
        onDone={(labels) => {
          change(renaming === "new" ? addGroup(groups, labels)
            : groups.map((g) => (g.key === renaming.key ? { ...g, labels } : g)));
          setRenaming(null);
        }} />}
    </div>
  );
}

/** Stage keys of every pipeline (deals may have a layout per stage). */
function useStages(enabled: boolean) {
  const { i18n } = useTranslation();
  const pipelines = useQuery({ queryKey: ["list", "pipelines", "layout-stages"], enabled,
    queryFn: () => api<Page<RecordData>>("pipelines", { query: { limit: 100 } }) });
  const seen = new Map<string, string>();
  for (const p of pipelines.data?.items ?? []) {
    for (const s of (p.stages as { key: string; name?: string; labels?: Labels }[] | undefined) ?? []) {
      const label = (i18n.language.startsWith("zh") ? s.labels?.["zh-CN"] : s.labels?.en) ?? s.name ?? s.key;
      if (!seen.has(s.key)) seen.set(s.key, `${label} (${s.key})`);
    }
  }
  return [...seen].map(([value, label]) => ({ value, label }));
}

interface SectionProps { group: LayoutGroup; title: string; extra: React.ReactNode; fieldLabel: (n: string) => string }

/** A real section: sortable among the sections, and a drop target for fields. */
function Section(props: SectionProps) {
  const { t } = useTranslation();
  const { setNodeRef, attributes, listeners, transform, transition, isDragging } = useSortable({ id: groupId(props.group.key) });
  const handle = <Button size="small" type="text" icon={<HolderOutlined />} style={{ cursor: "grab", touchAction: "none" }}
    aria-label={t("layouts.dragSection", { name: props.title })} {...attributes} {...listeners} />;
  return (
    <div ref={setNodeRef} style={{ transform: CSS.Translate.toString(transform), transition, opacity: isDragging ? 0.6 : 1,
      marginBottom: 12 }} data-testid={`layout-group-${props.group.key}`}>
      <SectionCard {...props} handle={handle} />
    </div>
  );
}

/** The pool: fields in no section; a drop target only. */
function PoolSection(props: SectionProps) {
  const { setNodeRef } = useDroppable({ id: groupId(POOL) });
  return <div ref={setNodeRef} style={{ marginBottom: 12 }} data-testid="layout-group-pool"><SectionCard {...props} pool /></div>;
}

function SectionCard({ group, title, extra, fieldLabel, handle, pool }: SectionProps & { handle?: React.ReactNode;
  pool?: boolean }) {
  const { t } = useTranslation();
  return (
    <Card size="small" extra={extra} style={pool ? { background: "#fafafa", borderStyle: "dashed" } : undefined}
      title={<Space>{handle}<span data-testid="layout-group-title">{title}</span>
        <Typography.Text type="secondary">({group.fields.length})</Typography.Text></Space>}>
      <SortableContext items={group.fields.map(fieldId)} strategy={verticalListSortingStrategy}>
        <div style={{ minHeight: 36, display: "grid", gap: 6, gridTemplateColumns: "repeat(auto-fill, minmax(220px, 1fr))" }}>
          {group.fields.map((f) => <FieldChip key={f} name={f} label={fieldLabel(f)} />)}
          {!group.fields.length && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} style={{ margin: 0 }}
            description={pool ? t("layouts.poolEmpty") : t("layouts.dropHere")} />}
        </div>
      </SortableContext>
    </Card>
  );
}

function FieldChip({ name, label }: { name: string; label: string }) {
  const { t } = useTranslation();
  const { setNodeRef, attributes, listeners, transform, transition, isDragging } = useSortable({ id: fieldId(name) });
  return (
    <div ref={setNodeRef} data-testid={`layout-field-${name}`} style={{ transform: CSS.Translate.toString(transform),
      transition, opacity: isDragging ? 0.5 : 1, border: "1px solid #d9d9d9", borderRadius: 6, background: "#fff",
      padding: "4px 8px", display: "flex", alignItems: "center", gap: 6 }}>
      <Button size="small" type="text" icon={<HolderOutlined />} style={{ cursor: "grab", touchAction: "none" }}
        aria-label={t("layouts.dragField", { name: label })} {...attributes} {...listeners} />
      <span style={{ overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" }}>{label}</span>
      <Typography.Text type="secondary" style={{ marginLeft: "auto", fontSize: 12 }}>{name}</Typography.Text>
    </div>
  );
}

function RenameDialog({ group, onClose, onDone }: { group: LayoutGroup | null; onClose: () => void;
  onDone: (labels: Labels) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ zh: string; en: string }>();
  const ok = async () => {
    const v = await form.validateFields();
    onDone({ en: v.en.trim() || v.zh.trim(), "zh-CN": v.zh.trim() || v.en.trim() });
  };
  const oneNeeded = ({ getFieldValue }: { getFieldValue: (n: string) => unknown }) => ({
    validator: () => (String(getFieldValue("zh") ?? "").trim() || String(getFieldValue("en") ?? "").trim()
      ? Promise.resolve() : Promise.reject(new Error(t("layouts.labelNeeded")))) });
  return (
    <Modal open title={group ? t("layouts.rename") : t("layouts.addSection")} onCancel={onClose} onOk={() => void ok()}>
      <Form form={form} layout="vertical" initialValues={{ zh: group?.labels["zh-CN"] ?? "", en: group?.labels.en ?? "" }}>
        <Form.Item name="zh" label={t("layouts.nameZh")} dependencies={["en"]} rules={[oneNeeded]}>
          <Input maxLength={100} autoFocus id="section-zh" /></Form.Item>
        <Form.Item name="en" label={t("layouts.nameEn")} dependencies={["zh"]} rules={[oneNeeded]}>
          <Input maxLength={100} id="section-en" /></Form.Item>
      </Form>
    </Modal>
  );
}
