// The organisation tree: departments by parent, with their heads; add a sub-department
// in place. Data scope "department and below" follows this tree.
import { useMemo, useState } from "react";
import { Button, Card, Empty, Skeleton, Space, Tree, Typography } from "antd";
import type { TreeDataNode } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { api } from "../api/client";
import type { Page, RecordData } from "../api/client";
import RecordForm from "../records/RecordForm";

/** Departments → tree nodes; a parent outside the list (or a cycle) makes a root. */
export function departmentTree(rows: RecordData[], label: (r: RecordData) => React.ReactNode): TreeDataNode[] {
  const ids = new Set(rows.map((r) => r.id));
  const children = new Map<string | null, RecordData[]>();
  for (const r of rows) {
    const parent = typeof r.parent_id === "string" && ids.has(r.parent_id) ? r.parent_id : null;
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent)!.push(r);
  }
  const seen = new Set<string>();
  const build = (parent: string | null): TreeDataNode[] => (children.get(parent) ?? [])
    .filter((r) => !seen.has(r.id))
    .sort((a, b) => String(a.name).localeCompare(String(b.name)))
    .map((r) => { seen.add(r.id); return { key: r.id, title: label(r), children: build(r.id) }; });
  const roots = build(null);
  // Rows only reachable through a cycle still show, at the top.
  rows.filter((r) => !seen.has(r.id)).forEach((r) => { seen.add(r.id); roots.push({ key: r.id, title: label(r), children: build(r.id) }); });
  return roots;
}

export default function Departments() {
  const { t } = useTranslation();
  const [adding, setAdding] = useState<{ parent_id: string | null } | null>(null);
  const list = useQuery({ queryKey: ["list", "departments", "tree"],
    queryFn: () => api<Page>("departments", { query: { limit: 500, sort: "name" } }) });
  const users = useQuery({ queryKey: ["list", "users", "heads"],
    queryFn: () => api<Page>("users", { query: { limit: 500 } }) });
  const names = new Map((users.data?.items ?? []).map((u) => [u.id, String(u.name)]));
  const tree = useMemo(() => departmentTree(list.data?.items ?? [], (r) => (
    <Space>
      <Link to={`/o/departments/${r.id}`}>{String(r.name)}</Link>
      {typeof r.head_id === "string" && <Typography.Text type="secondary">{names.get(r.head_id) ?? ""}</Typography.Text>}
      <Button size="small" type="text" icon={<PlusOutlined />} aria-label={t("departments.addChild")}
        onClick={(e) => { e.stopPropagation(); setAdding({ parent_id: r.id }); }} />
    </Space>
  )), [list.data, names, t]); // eslint-disable-line react-hooks/exhaustive-deps
  if (list.isLoading) return <Skeleton active />;
  return (
    <div data-testid="departments-tree">
      <div className="page-header">
        <Typography.Title level={3}>{t("departments.title")}</Typography.Title>
        <div className="actions"><Button type="primary" icon={<PlusOutlined />}
          onClick={() => setAdding({ parent_id: null })}>{t("common.new")}</Button></div>
      </div>
      <Card>{tree.length ? <Tree treeData={tree} defaultExpandAll selectable={false} blockNode />
        : <Empty description={t("list.empty")} />}</Card>
      <RecordForm object="departments" open={!!adding} initial={adding ?? undefined}
        onClose={() => setAdding(null)} onSaved={() => { setAdding(null); void list.refetch(); }} />
    </div>
  );
}
