// The recycle bin: records deleted (soft, API.md) that the user may restore, object by
// object (GET /<object>?deleted=true, POST /<object>/<id>/restore). What the delete
// dialog promises.
import { useState } from "react";
import { Alert, App, Button, Empty, Select, Table, Typography } from "antd";
import { UndoOutlined } from "@ant-design/icons";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useNavigate, useSearchParams } from "react-router-dom";
import { api } from "../api/client";
import type { Page, RecordData } from "../api/client";
import { labelOf, recordTitle, useObjects } from "../api/meta";
import { problemText } from "../admin/problems";
import { formatDateTime } from "../lib/dates";

export default function RecycleBin() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { data: objects = [] } = useObjects();
  const [params, setParams] = useSearchParams();
  // Restoring needs the delete right: only those objects are offered.
  const restorable = objects.filter((o) => o.permissions.includes("delete"));
  const object = params.get("object") ?? restorable.find((o) => o.api_name === "accounts")?.api_name
    ?? restorable[0]?.api_name ?? null;
  const obj = restorable.find((o) => o.api_name === object);
  const [busy, setBusy] = useState<string | null>(null);
  const bin = useQuery({ queryKey: ["recycle-bin", object], enabled: !!obj,
    queryFn: () => api<Page>(object!, { query: { deleted: true, limit: 200 } }) });

  const restore = async (r: RecordData) => {
    setBusy(r.id);
    try {
      await api(`${object}/${r.id}/restore`, { method: "POST" });
      message.success(<span data-testid="restored">{t("recycle.restored", { name: recordTitle(obj, r) })}{" "}
        {/* The toast renders outside the router: navigate from here, not with a <Link>. */}
        <Typography.Link onClick={() => navigate(`/o/${object}/${r.id}`)}>{t("recycle.open")}</Typography.Link>
      </span>);
      void qc.invalidateQueries({ queryKey: ["recycle-bin", object] });
      void qc.invalidateQueries({ queryKey: ["list", object] });
    } catch (err) {
      message.error(problemText(err, t));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div data-testid="recycle-bin">
      <div className="page-header">
        <Typography.Title level={3}>{t("recycle.title")}</Typography.Title>
        <div className="actions">
          <Select style={{ width: 220 }} value={object} data-testid="recycle-object"
            onChange={(v) => setParams({ object: v })} showSearch optionFilterProp="label"
            options={restorable.map((o) => ({ value: o.api_name, label: labelOf(o, i18n.language) }))} />
        </div>
      </div>
      <Typography.Paragraph type="secondary">{t("recycle.intro")}</Typography.Paragraph>
      {bin.error && <Alert type="error" showIcon message={problemText(bin.error, t)} />}
      <Table<RecordData> size="small" rowKey="id" loading={bin.isLoading} dataSource={bin.data?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }} scroll={{ x: "max-content" }}
        locale={{ emptyText: <Empty description={t("recycle.empty")} /> }} columns={[
          { key: "name", title: t("recycle.record"), render: (_, r) => recordTitle(obj, r) },
          { key: "at", title: t("recycle.deletedAt"),
            render: (_, r) => formatDateTime(String(r.deleted_at ?? r.updated_at ?? ""), i18n.language) },
          { key: "restore", title: "", align: "right", render: (_, r) => (
            <Button size="small" icon={<UndoOutlined />} loading={busy === r.id}
              data-testid={`restore-${r.id}`} onClick={() => void restore(r)}>{t("recycle.restore")}</Button>) },
        ]} />
    </div>
  );
}
