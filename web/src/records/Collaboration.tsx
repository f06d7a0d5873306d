// Working on a record together: follow it (/follow, /followers) and its team
// (协作人, /team): colleagues who see it — or also edit it — outside their data scope.
import { useState } from "react";
import { App, Button, Empty, List, Popconfirm, Popover, Select, Skeleton, Space, Tag,
  Typography } from "antd";
import { EyeInvisibleOutlined, EyeOutlined, UserAddOutlined } from "@ant-design/icons";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { ApiError, api } from "../api/client";
import type { FieldMeta } from "../api/meta";
import { useAuth } from "../auth/AuthContext";
import FieldInput from "./FieldInput";

interface Followers { items: { user_id: string; name: string; owner: boolean }[]; following: boolean }
interface Member { user_id: string; name: string | null; access: "read" | "edit" }
interface Team { items: Member[]; can_manage: boolean }

const errorText = (err: unknown) => err instanceof ApiError
  ? (err.problem?.errors?.[0]?.message ?? err.message) : (err as Error).message;

export function FollowButton({ object, id }: { object: string; id: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const key = ["followers", object, id];
  const followers = useQuery({ queryKey: key,
    queryFn: () => api<Followers>(`${object}/${id}/followers`) });
  const following = followers.data?.following ?? false;
  const count = followers.data?.items.length ?? 0;
  const toggle = async () => {
    setBusy(true);
    try {
      await api(`${object}/${id}/follow`, { method: following ? "DELETE" : "POST" });
      message.success(following ? t("collab.unfollowed") : t("collab.followed"));
      await qc.invalidateQueries({ queryKey: key });
    } catch (err) {
      message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const names = (
    <div style={{ maxWidth: 260 }}>
      {followers.data?.items.length ? followers.data.items.map((f) => (
        <div key={f.user_id}>{f.name}{f.owner && <Tag style={{ marginLeft: 6 }}>{t("collab.owner")}</Tag>}</div>
      )) : t("collab.noFollowers")}
    </div>
  );
  return (
    <Space.Compact>
      <Button icon={following ? <EyeInvisibleOutlined /> : <EyeOutlined />} loading={busy}
        disabled={followers.isLoading} onClick={() => void toggle()} data-testid="follow-button"
        aria-pressed={following}>
        {following ? t("collab.unfollow") : t("collab.follow")}
      </Button>
      <Popover content={names} title={t("collab.followers")} trigger="click">
        <Button data-testid="follower-count" aria-label={t("collab.followerCount", { count })}>
          {count}</Button>
      </Popover>
    </Space.Compact>
  );
}

const USERS: FieldMeta = { api_name: "user_id", label: "", type: "lookup", target: "users",
  required: false, options: null, custom: false, readonly: false };

export function RecordTeam({ object, id }: { object: string; id: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { me } = useAuth();
  const qc = useQueryClient();
  const key = ["team", object, id];
  const team = useQuery({ queryKey: key, queryFn: () => api<Team>(`${object}/${id}/team`) });
  const [adding, setAdding] = useState<{ user: string | null; access: "read" | "edit" }>(
    { user: null, access: "read" });
  const [busy, setBusy] = useState(false);
  const refresh = () => qc.invalidateQueries({ queryKey: key });
  const put = async (userId: string, access: "read" | "edit") => {
    setBusy(true);
    try {
      await api(`${object}/${id}/team`, { body: { user_id: userId, access } });
      await refresh();
      return true;
    } catch (err) {
      message.error(errorText(err));
      return false;
    } finally {
      setBusy(false);
    }
  };
  const remove = async (userId: string) => {
    try {
      await api(`${object}/${id}/team/${userId}`, { method: "DELETE" });
      await refresh();
    } catch (err) {
      message.error(errorText(err));
    }
  };
  if (team.isLoading) return <Skeleton active />;
  if (team.error) return <Typography.Text type="danger">{t("error.loadFailed")}: {team.error.message}</Typography.Text>;
  const manage = team.data?.can_manage ?? false;
  const accessOptions = [{ value: "read", label: t("collab.access.read") },
    { value: "edit", label: t("collab.access.edit") }];
  return (
    <div data-testid="record-team">
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>{t("collab.teamHint")}</Typography.Paragraph>
      {team.data?.items.length ? (
        <List size="small" dataSource={team.data.items} rowKey="user_id" renderItem={(m) => (
          <List.Item data-testid="team-member" actions={[
            manage ? <Select key="a" size="small" value={m.access} options={accessOptions}
              style={{ width: 110 }} aria-label={t("collab.accessLabel")}
              onChange={(v) => void put(m.user_id, v)} />
              : <Tag key="a">{t(`collab.access.${m.access}`)}</Tag>,
            ...(manage || m.user_id === me?.id ? [
              <Popconfirm key="r" title={m.user_id === me?.id ? t("collab.leaveTeam") : t("collab.removeMember",
                { name: m.name ?? "" })} onConfirm={() => void remove(m.user_id)} okButtonProps={{ danger: true }}>
                <Button type="link" size="small" danger>
                  {m.user_id === me?.id ? t("collab.leave") : t("common.remove")}</Button>
              </Popconfirm>] : []),
          ]}>
            {m.name ?? m.user_id}
          </List.Item>
        )} />
      ) : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("collab.noTeam")} />}
      {manage && (
        <Space wrap style={{ marginTop: 12 }}>
          <div style={{ width: 200 }}>
            <FieldInput field={{ ...USERS, label: t("collab.member") }} value={adding.user}
              onChange={(v) => setAdding({ ...adding, user: (v as string | null) ?? null })} />
          </div>
          <Select value={adding.access} options={accessOptions} style={{ width: 110 }}
            aria-label={t("collab.accessLabel")}
            onChange={(access) => setAdding({ ...adding, access })} />
          <Button icon={<UserAddOutlined />} disabled={!adding.user} loading={busy}
            data-testid="team-add" onClick={async () => {
              if (adding.user && await put(adding.user, adding.access)) setAdding({ user: null, access: "read" });
            }}>{t("collab.addMember")}</Button>
        </Space>
      )}
    </div>
  );
}
