// One dashboard: its widgets drawn from GET /dashboards/{id}/data. The owner renames
// it, sets who sees it, adds, changes, removes and reorders widgets (drag, or keyboard:
// focus a handle, Space, arrows, Space) and saves with the version it loaded — if
// someone saved in between (409) we say so and load theirs.
import { useEffect, useMemo, useState } from "react";
import { Alert, App, Button, Card, Empty, Grid, Input, Select, Skeleton, Space, Tag, Tooltip, Typography } from "antd";
import { CopyOutlined, DeleteOutlined, EditOutlined, HolderOutlined, PlusOutlined, SaveOutlined } from "@ant-design/icons";
import { DndContext, KeyboardSensor, PointerSensor, closestCenter, useSensor, useSensors } from "@dnd-kit/core";
import type { DragEndEvent } from "@dnd-kit/core";
import { SortableContext, rectSortingStrategy, sortableKeyboardCoordinates, useSortable } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router-dom";
import { ApiError, api } from "../api/client";
import { useObjects } from "../api/meta";
import { optionLabel } from "../records/options";
import { currencyOf } from "./currency";
import CurrencyNotice from "./CurrencyNotice";
import FiguresView from "./FiguresView";
import type { Widget } from "./figures";
import { GRID_COLUMNS, flowLayout, headline, moveWidget, orderWidgets, widgetFigures } from "./figures";
import WidgetDialog from "./WidgetDialog";

export interface Board { id: string; name: string; description: string | null; sharing: string; version: number;
  builtin: boolean; can_edit: boolean; owner_id: string | null; widgets: Widget[] }
interface WidgetData { id: string; data?: Record<string, unknown>; error?: { status: number; detail: string } }
interface Draft { name: string; sharing: string; widgets: Widget[] }

export const SHARING = ["private", "department", "all"];

const draftOf = (b: Board): Draft => ({ name: b.name, sharing: b.sharing, widgets: orderWidgets(b.widgets) });

export default function DashboardEditor() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const board = useQuery({ queryKey: ["dashboards", id], queryFn: () => api<Board>(`dashboards/${id}`) });
  const data = useQuery({ queryKey: ["dashboards", id, "data", board.data?.version],
    queryFn: () => api<{ widgets: WidgetData[] }>(`dashboards/${id}/data`), enabled: !!board.data });
  const [draft, setDraft] = useState<Draft | null>(null);
  const [dialog, setDialog] = useState<Widget | "new" | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => { if (board.data) setDraft(draftOf(board.data)); }, [board.data]);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));
  const byId = useMemo(() => new Map((data.data?.widgets ?? []).map((w) => [w.id, w])), [data.data]);

  if (board.isLoading) return <Skeleton active paragraph={{ rows: 12 }} />;
  if (board.error || !board.data) {
    return <Alert type="error" showIcon message={t("analytics.loadFailed")}
      description={<>{(board.error as Error)?.message} <Link to="/analytics/dashboards">{t("analytics.dashboards.back")}</Link></>} />;
  }
  const b = board.data;
  const d = draft ?? draftOf(b);
  const editable = b.can_edit && !b.builtin;
  const dirty = JSON.stringify(d) !== JSON.stringify(draftOf(b));
  const set = (patch: Partial<Draft>) => setDraft({ ...d, ...patch });

  const save = async () => {
    setBusy(true);
    try {
      const saved = await api<Board>(`dashboards/${id}`, { method: "PATCH",
        body: { name: d.name, sharing: d.sharing, widgets: d.widgets, version: b.version } });
      qc.setQueryData(["dashboards", id], saved);
      await qc.invalidateQueries({ queryKey: ["dashboards"], exact: true });
      message.success(t("analytics.saved"));
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        message.warning(t("analytics.dashboards.conflict"), 6);
        await board.refetch();
      } else {
        message.error(err instanceof ApiError ? Object.values(err.fieldErrors)[0] ?? err.message : (err as Error).message);
      }
    } finally {
      setBusy(false);
    }
  };
  const copy = async () => {
    try {
      const made = await api<Board>("dashboards", { body: { name: t("analytics.dashboards.copyName", { name: b.name }),
        sharing: "private", widgets: b.widgets.map(({ id: wid, type, title, source, report_id, report, params, x, y, w, h }) =>
          ({ id: wid, type, title, source, report_id, report, params, x, y, w, h })) } });
      await qc.invalidateQueries({ queryKey: ["dashboards"], exact: true });
      navigate(`/analytics/dashboards/${made.id}`);
    } catch (err) {
      message.error((err as Error).message);
    }
  };
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    const from = d.widgets.findIndex((w) => w.id === active.id);
    const to = d.widgets.findIndex((w) => w.id === over.id);
    if (from >= 0 && to >= 0) set({ widgets: moveWidget(d.widgets, from, to) });
  };
  const putWidget = (w: Omit<Widget, "x" | "y">) => {
    const exists = d.widgets.some((x) => x.id === w.id);
    const widgets = exists ? d.widgets.map((x) => (x.id === w.id ? { ...x, ...w } : x)) : [...d.widgets, { ...w, x: 0, y: 0 }];
    set({ widgets: flowLayout(widgets) });
    setDialog(null);
  };

  return (
    <div data-testid="dashboard-editor">
      <div className="page-header">
        {editable ? <Input aria-label={t("analytics.dashboards.name")} value={d.name} maxLength={200}
          style={{ maxWidth: 360, fontSize: 20 }} data-testid="dashboard-name" onChange={(e) => set({ name: e.target.value })} />
          : <Typography.Title level={3}>{b.name} {b.builtin && <Tag>{t("analytics.dashboards.builtin")}</Tag>}</Typography.Title>}
        <Space wrap className="actions">
          <Link to="/analytics/dashboards">{t("analytics.dashboards.all")}</Link>
          {editable && <>
            <Select aria-label={t("analytics.dashboards.sharing")} value={d.sharing} style={{ width: 170 }}
              onChange={(sharing) => set({ sharing })} data-testid="dashboard-sharing"
              options={SHARING.map((s) => ({ value: s, label: t(`analytics.sharing.${s}`) }))} />
            <Button icon={<PlusOutlined />} onClick={() => setDialog("new")} data-testid="widget-add"
              disabled={d.widgets.length >= 40}>{t("analytics.widget.add")}</Button>
            <Button type="primary" icon={<SaveOutlined />} loading={busy} disabled={!dirty || !d.name.trim()}
              onClick={() => void save()} data-testid="dashboard-save">{t("analytics.save")}</Button>
          </>}
          {!editable && <Button icon={<CopyOutlined />} onClick={() => void copy()} data-testid="dashboard-copy">
            {t("analytics.dashboards.copy")}</Button>}
        </Space>
      </div>
      {dirty && <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t("analytics.dashboards.unsaved")} />}
      <CurrencyNotice currency={(data.data?.widgets ?? []).map((w) => currencyOf(w.data))} />
      {d.widgets.length === 0 ? <Empty description={t("analytics.dashboards.noWidgets")}>
        {editable && <Button type="primary" onClick={() => setDialog("new")}>{t("analytics.widget.add")}</Button>}</Empty> : (
        <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
          <SortableContext items={d.widgets.map((w) => w.id)} strategy={rectSortingStrategy}>
            <div style={{ display: "grid", gridTemplateColumns: `repeat(${GRID_COLUMNS}, minmax(0, 1fr))`, gap: 16 }}
              data-testid="widget-grid">
              {d.widgets.map((w) => (
                <WidgetCard key={w.id} widget={w} entry={byId.get(w.id)} loading={data.isLoading}
                  editable={editable} onEdit={() => setDialog(w)}
                  onRemove={() => set({ widgets: flowLayout(d.widgets.filter((x) => x.id !== w.id)) })} />
              ))}
            </div>
          </SortableContext>
        </DndContext>
      )}
      {dialog && <WidgetDialog initial={dialog === "new" ? undefined : dialog} onSave={putWidget}
        onClose={() => setDialog(null)} />}
    </div>
  );
}

function WidgetCard({ widget, entry, loading, editable, onEdit, onRemove }: { widget: Widget;
  entry?: WidgetData; loading: boolean; editable: boolean; onEdit: () => void; onRemove: () => void }) {
  const { t, i18n } = useTranslation();
  const screens = Grid.useBreakpoint();
  const { data: objects } = useObjects();
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } =
    useSortable({ id: widget.id, disabled: !editable });
  const span = screens.md ? Math.min(widget.w || 6, GRID_COLUMNS) : GRID_COLUMNS;
  const figures = useMemo(() => {
    if (!entry?.data) return null;
    // A saved report's picklist groups read as their options, not raw values.
    const obj = objects?.find((o) => o.api_name === entry.data?.object);
    return widgetFigures(widget.source, entry.data, t, (column, value) => {
      const f = obj?.fields.find((x) => x.api_name === column);
      if (value === null || value === undefined) return "—";
      return f?.type === "picklist" ? optionLabel(t, f, String(value), i18n.language) : String(value);
    });
  }, [entry, widget.source, t, objects, i18n.language]);
  let body: React.ReactNode;
  if (loading) body = <Skeleton active paragraph={{ rows: 4 }} />;
  else if (entry?.error) body = <Alert type="error" showIcon message={entry.error.detail} />;
  else if (!entry?.data || !figures) body = <Empty description={t("analytics.dashboards.saveToSee")} />;
  else body = <FiguresView type={widget.type} figures={figures} headline={headline(widget.source, entry.data, figures)}
    testId={`widget-figures-${widget.id}`} currency={currencyOf(entry.data)?.code} />;
  return (
    <div ref={setNodeRef} data-testid="widget" data-widget-title={widget.title}
      style={{ gridColumn: `span ${span}`, transform: CSS.Translate.toString(transform), transition,
        opacity: isDragging ? 0.6 : 1, zIndex: isDragging ? 2 : undefined }}>
      <Card size="small" title={<Space>
        {editable && <Tooltip title={t("analytics.widget.dragHelp")}>
          <Button type="text" size="small" icon={<HolderOutlined />} ref={setActivatorNodeRef}
            aria-label={t("analytics.widget.move", { title: widget.title })} style={{ cursor: "grab" }}
            data-testid="widget-handle" {...attributes} {...listeners} />
        </Tooltip>}
        <span>{widget.title || t(`analytics.source.${widget.source}`)}</span></Space>}
        extra={editable && <Space size={0}>
          <Button type="text" size="small" icon={<EditOutlined />} aria-label={t("analytics.widget.edit")} onClick={onEdit} />
          <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t("analytics.widget.remove")}
            onClick={onRemove} data-testid="widget-remove" />
        </Space>}>
        {body}
      </Card>
    </div>
  );
}
