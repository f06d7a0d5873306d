// The dashboards the user can see: the two built-in ones, their own and those shared
// with them. Create one (empty, then add widgets), open, or delete one's own.
import { useState } from "react";
import { Alert, App, Button, Modal, Popconfirm, Table, Tag, Typography } from "antd";
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router-dom";
import { ApiError, api } from "../api/client";
import { useAuth } from "../auth/AuthContext";
import type { Board } from "./DashboardEditor";
import NameSharingForm from "./NameSharingForm";

export default function Dashboards() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { me } = useAuth();
  const qc = useQueryClient();
  const [creating, setCreating] = useState(false);
  const list = useQuery({ queryKey: ["dashboards"], queryFn: () => api<{ items: Board[] }>("dashboards") });
  const remove = async (b: Board) => {
    try {
      await api(`dashboards/${b.id}`, { method: "DELETE" });
      message.success(t("analytics.dashboards.deleted"));
    } catch (err) {
      message.error((err as Error).message);
    }
    await qc.invalidateQueries({ queryKey: ["dashboards"] });
  };
  const whose = (b: Board) => b.builtin ? <Tag color="blue">{t("analytics.dashboards.builtin")}</Tag>
    : b.owner_id === me?.id ? <Tag color="green">{t("analytics.dashboards.mine")}</Tag>
      : <Tag>{t("analytics.dashboards.shared")}</Tag>;
  return (
    <div data-testid="dashboards">
      <div className="page-header">
        <Typography.Title level={3}>{t("analytics.dashboards.title")}</Typography.Title>
        <div className="actions">
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="dashboard-new">
            {t("analytics.dashboards.new")}</Button>
        </div>
      </div>
      {list.error && <Alert type="error" showIcon message={t("analytics.loadFailed")}
        description={(list.error as Error).message} />}
      <Table<Board> size="small" rowKey="id" loading={list.isLoading} dataSource={list.data?.items ?? []}
        pagination={false} scroll={{ x: "max-content" }} columns={[
          { key: "name", title: t("analytics.dashboards.name"),
            render: (_, b) => <Link to={`/analytics/dashboards/${b.id}`}>{b.name}</Link> },
          { key: "whose", title: "", render: (_, b) => whose(b) },
          { key: "sharing", title: t("analytics.dashboards.sharing"), render: (_, b) => t(`analytics.sharing.${b.sharing}`) },
          { key: "widgets", title: t("analytics.dashboards.widgets"), align: "right", render: (_, b) => b.widgets.length },
          { key: "del", title: "", render: (_, b) => b.can_edit && !b.builtin && (
            <Popconfirm title={t("analytics.dashboards.deleteConfirm", { name: b.name })} onConfirm={() => remove(b)}>
              <Button size="small" danger icon={<DeleteOutlined />} aria-label={t("analytics.dashboards.delete")} />
            </Popconfirm>) },
        ]} />
      {creating && <CreateDialog onClose={() => setCreating(false)} />}
    </div>
  );
}

function CreateDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [name, setName] = useState("");
  const [sharing, setSharing] = useState("private");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const create = async () => {
    if (!name.trim()) { setError(t("analytics.dashboards.nameRequired")); return; }
    setBusy(true);
    try {
      const made = await api<Board>("dashboards", { body: { name: name.trim(), sharing, widgets: [] } });
      await qc.invalidateQueries({ queryKey: ["dashboards"] });
      navigate(`/analytics/dashboards/${made.id}`);
    } catch (err) {
      setError(err instanceof ApiError ? Object.values(err.fieldErrors)[0] ?? err.message : (err as Error).message);
      setBusy(false);
    }
  };
  return (
    <Modal open title={t("analytics.dashboards.new")} onCancel={onClose} onOk={() => void create()} confirmLoading={busy}
      okButtonProps={{ "data-testid": "dashboard-create" }}>
      <NameSharingForm name={name} sharing={sharing} error={error} testId="dashboard-new-name"
        onName={(v) => { setName(v); setError(null); }} onSharing={setSharing} onSubmit={() => void create()} />
    </Modal>
  );
}
