// The list of any object: search, filters, sort, columns, saved views, keyset
// "load more", bulk actions, export and inline edit — all from the metadata.
import { useMemo, useState } from "react";
import { App, Button, Dropdown, Empty, Input, List, Result, Skeleton, Table,
  Typography } from "antd";
import type { TableProps } from "antd";
import { DownloadOutlined, PlusOutlined } from "@ant-design/icons";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams, useSearchParams } from "react-router-dom";
import { ApiError, api, buildQuery, download } from "../api/client";
import type { Page, RecordData } from "../api/client";
import { labelOf, recordTitle, useObject, useObjects } from "../api/meta";
import type { ObjectMeta } from "../api/meta";
import { useAuth } from "../auth/AuthContext";
import { useIsMobile } from "../shell/useIsMobile";
import { routeMissing } from "../shell/NotificationsBell";
import BulkActions from "./BulkActions";
import FieldValue from "./FieldValue";
import { ActiveFilters, ColumnChooser, FilterButton } from "./FilterBar";
import InlineEdit from "./InlineEdit";
import { useLookupNames } from "./lookups";
import RecordForm from "./RecordForm";
import SavedViews from "./SavedViews";
import type { Filter, SavedView } from "./views";
import { defaultColumns, filtersFromParams, filtersToQuery, loadColumns, storeColumns,
  viewParams } from "./views";

const PAGE = 50;
// Objects with product lines are created in their own editor, not the generic form.
const LINE_EDITORS = new Set(["orders", "quotes"]);

export default function ListPage() {
  const { object = "" } = useParams();
  const { data: objects, isLoading } = useObjects();
  const obj = useObject(object);
  const { t } = useTranslation();
  if (isLoading) return <Skeleton active paragraph={{ rows: 10 }} />;
  if (!obj || !objects) return <Result status="404" title={t("notFound.title")}
    subTitle={t("list.unknownObject", { object })} />;
  return <ObjectList key={object} obj={obj} />;
}

export function ObjectList({ obj, fixedFilters, compact }: { obj: ObjectMeta;
  fixedFilters?: Record<string, string>; compact?: boolean }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { me } = useAuth();
  const navigate = useNavigate();
  const mobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const [local, setLocal] = useState(new URLSearchParams()); // embedded lists keep state here
  const search = compact ? local : params;
  const [columns, setColumns] = useState<string[]>(() => loadColumns(obj.api_name)
    ?.filter((c) => obj.fields.some((f) => f.api_name === c)) ?? defaultColumns(obj));
  const [selected, setSelected] = useState<RecordData[]>([]);
  const [creating, setCreating] = useState(false);

  const q = search.get("q") ?? "";
  const sort = search.get("sort") ?? "-created_at";
  const filters = filtersFromParams(search, obj);
  const query = { ...filtersToQuery(filters), ...fixedFilters, q: q || undefined, sort,
    limit: compact ? 10 : PAGE };

  const list = useInfiniteQuery({
    queryKey: ["list", obj.api_name, query],
    queryFn: ({ pageParam }) => api<Page>(obj.api_name, { query: { ...query,
      cursor: pageParam ?? undefined, count: pageParam ? undefined : "true" } }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const total = list.data?.pages[0]?.total;
  const names = useLookupNames(obj, rows);

  const update = (next: { q?: string; sort?: string; filters?: Filter[] }) => {
    const p = new URLSearchParams();
    // The view stays named while it is tuned; saving its changes is offered then.
    const view = search.get("view");
    if (view) p.set("view", view);
    const nq = next.q ?? q;
    if (nq) p.set("q", nq);
    const ns = next.sort ?? sort;
    if (ns !== "-created_at") p.set("sort", ns);
    Object.entries(filtersToQuery(next.filters ?? filters)).forEach(([k, v]) => p.set(k, v));
    if (compact) setLocal(p);
    else setParams(p, { replace: true });
  };
  const chooseColumns = (c: string[]) => { setColumns(c); storeColumns(obj.api_name, c); };
  const canEdit = obj.permissions.includes("update");
  const open = (r: RecordData) => navigate(`/o/${obj.api_name}/${r.id}`);
  // Rules may give a new record to someone else (lead assignment): say to whom, and
  // open it only if the creator can still see it — else stay on the list.
  const afterCreate = async (r: RecordData) => {
    if (!("owner_id" in r) || r.owner_id === me?.id) { open(r); return; }
    if (obj.api_name === "leads") {
      const owner = typeof r.owner_id === "string"
        ? await api<RecordData>(`users/${r.owner_id}`).catch(() => null) : null;
      message.info(r.owner_id ? t("flows.leadRouted", { name: String(owner?.name ?? r.owner_id) })
        : t("flows.leadRoutedPool"), 6);
    }
    const visible = await api(`${obj.api_name}/${r.id}`).then(() => true).catch(() => false);
    if (visible) open(r);
    else void list.refetch();
  };

  // Memoized: antd's Table re-measures every column when it gets new column objects.
  const tableColumns = useMemo<TableProps<RecordData>["columns"]>(() => columns.map((name, i) => {
    const f = obj.fields.find((x) => x.api_name === name)!;
    const sortable = f.type !== "multi_picklist" && f.type !== "json" && f.permission !== "masked";
    return {
      key: name, dataIndex: name, title: f.label, sorter: sortable, sortOrder: sort === name ? "ascend" : sort === `-${name}` ? "descend" : null,
      render: (_: unknown, r: RecordData) => i === 0
        ? <Link to={`/o/${obj.api_name}/${r.id}`}>{recordTitle(obj, r, names) || "—"}</Link>
        : <InlineEdit obj={obj} field={f} record={r} names={names} canEdit={canEdit} />,
    };
  }), [columns, obj, sort, names, canEdit]);

  // A file for people: choices by label, times in the reader's zone (it imports back).
  const exportAs = async (format: string) => {
    try {
      await download(`${obj.api_name}/export`, { ...filtersToQuery(filters), ...fixedFilters,
        q: q || undefined, sort, format, labels: "true",
        tz: Intl.DateTimeFormat().resolvedOptions().timeZone }, `${obj.api_name}.${format}`);
    } catch (err) {
      message.error(routeMissing(err) ? t("list.exportUnavailable") : (err as Error).message);
    }
  };
  const applyView = (v: SavedView | null) => {
    if (!v) {
      setParams(new URLSearchParams(), { replace: true });
      return;
    }
    const known = v.columns.filter((c) => obj.fields.some((f) => f.api_name === c));
    chooseColumns(known.length ? known : defaultColumns(obj));
    setParams(viewParams(v), { replace: true });
  };
  const mineActive = filters.some((f) => f.field === "owner_id" && f.value === me?.id);
  const toggleMine = obj.owned && me ? () => update({ filters: mineActive
    ? filters.filter((f) => f.field !== "owner_id")
    : [...filters.filter((f) => f.field !== "owner_id"), { field: "owner_id", op: "eq", value: me.id }] })
    : undefined;

  if (list.error instanceof ApiError && list.error.status === 403) {
    return <Result status="403" title={t("error.forbidden")} subTitle={list.error.message} />;
  }
  const label = labelOf(obj, i18n.language);
  return (
    <div data-testid={`list-${obj.api_name}`}>
      <div className="page-header">
        {!compact && <Typography.Title level={3}>{label}</Typography.Title>}
        {total !== undefined && <Typography.Text type="secondary" data-testid="list-total">
          {t("list.total", { count: total })}</Typography.Text>}
        <div className="actions">
          <Input.Search key={q} allowClear placeholder={t("list.search", { object: label })} defaultValue={q}
            onSearch={(v) => update({ q: v })} style={{ width: mobile ? "100%" : 220 }}
            data-testid="list-search" />
          <FilterButton obj={obj} filters={filters} onChange={(f) => update({ filters: f })} />
          {!compact && <SavedViews obj={obj} state={{ q, sort, filters, columns }}
            activeId={search.get("view")} pristine={search.toString() === ""}
            onApply={applyView} onMine={toggleMine} mineActive={mineActive} />}
          {!mobile && <ColumnChooser obj={obj} columns={columns} onChange={chooseColumns} />}
          {!compact && obj.permissions.includes("export") && (
            <Dropdown menu={{ items: [{ key: "csv", label: "CSV" }, { key: "xlsx", label: "Excel (xlsx)" }],
              onClick: ({ key }) => void exportAs(key) }}>
              <Button icon={<DownloadOutlined />}>{t("list.export")}</Button>
            </Dropdown>
          )}
          {obj.permissions.includes("create") && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => (LINE_EDITORS.has(obj.api_name)
              ? navigate(`/${obj.api_name}/new${buildQuery(fixedFilters)}`) : setCreating(true))}
              data-testid="list-new">{t("common.new")}</Button>
          )}
        </div>
      </div>
      <ActiveFilters obj={obj} filters={filters} onChange={(f) => update({ filters: f })} />
      {selected.length > 0 && <div style={{ marginBottom: 12 }}>
        <BulkActions obj={obj} selected={selected} onDone={() => setSelected([])} /></div>}
      {list.error && !(list.error instanceof ApiError && list.error.status === 403) && (
        <Result status="warning" title={t("error.loadFailed")} subTitle={list.error.message}
          extra={<Button onClick={() => void list.refetch()}>{t("common.retry")}</Button>} />
      )}
      {mobile ? (
        <List className="record-cards" loading={list.isLoading} dataSource={rows}
          locale={{ emptyText: <Empty description={t("list.empty")} /> }}
          renderItem={(r) => (
            <List.Item onClick={() => open(r)}>
              <List.Item.Meta title={recordTitle(obj, r, names) || "—"} description={columns.slice(1, 3).map((c) => {
                const f = obj.fields.find((x) => x.api_name === c)!;
                return <div key={c}><Typography.Text type="secondary">{f.label}: </Typography.Text>
                  <FieldValue field={f} value={r[c]} record={r} names={names} /></div>;
              })} />
            </List.Item>
          )} />
      ) : (
        // Plain CSS overflow: antd's scroll.x measures every cell (≈40 % of the render).
        <div className="table-scroll"><Table<RecordData> rowKey="id" size="middle" columns={tableColumns} dataSource={rows}
          loading={list.isLoading} pagination={false}
          locale={{ emptyText: <Empty description={t("list.empty")} /> }}
          rowSelection={compact ? undefined : { selectedRowKeys: selected.map((r) => r.id),
            onChange: (_, recs) => setSelected(recs) }}
          onChange={(_, __, sorter) => {
            const s = Array.isArray(sorter) ? sorter[0] : sorter;
            update({ sort: s?.order ? `${s.order === "descend" ? "-" : ""}${String(s.columnKey)}`
              : "-created_at" });
          }} /></div>
      )}
      {list.hasNextPage && (
        <div style={{ textAlign: "center", margin: 16 }}>
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}
            data-testid="load-more">{t("list.loadMore")}</Button>
        </div>
      )}
      <RecordForm object={obj.api_name} open={creating} initial={fixedFilters}
        onClose={() => setCreating(false)}
        onSaved={(r) => { setCreating(false); if (!compact) void afterCreate(r); }} />
    </div>
  );
}
