// The bell: unread in-app notifications (GET /notifications), shown once that API exists.
import { Badge, Button, Empty, List, Popover, Typography } from "antd";
import { BellOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { ApiError, api } from "../api/client";
import type { Page } from "../api/client";
import { formatDateTime } from "../lib/dates";

interface Notification {
  id: string; title?: string; body?: string; message?: string; read_at?: string | null;
  created_at: string; object?: string; record_id?: string; link?: string;
}

/** A 404 without a problem code means the route itself does not exist (yet). */
export function routeMissing(err: unknown): boolean {
  return err instanceof ApiError && err.status === 404 && !err.code;
}

export default function NotificationsBell() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { data, error } = useQuery({
    queryKey: ["notifications"],
    queryFn: () => api<Page<Notification> & { unread_count?: number }>("notifications",
      { query: { limit: 20 } }),
    refetchInterval: 60_000,
    retry: false,
  });
  const markRead = useMutation({
    mutationFn: (id: string) => api(`notifications/${id}/read`, { method: "POST" }),
    onSettled: () => qc.invalidateQueries({ queryKey: ["notifications"] }),
  });
  if (routeMissing(error) || (!data && error)) return null;
  const items = data?.items ?? [];
  const unread = data?.unread_count ?? items.filter((n) => !n.read_at).length;
  const open = (n: Notification) => {
    if (!n.read_at) markRead.mutate(n.id);
    if (n.link) navigate(n.link);
    else if (n.object && n.record_id) navigate(`/o/${n.object}/${n.record_id}`);
  };
  const content = items.length ? (
    <List size="small" style={{ width: 320, maxHeight: 400, overflow: "auto" }} dataSource={items}
      renderItem={(n) => (
        <List.Item onClick={() => open(n)} style={{ cursor: "pointer",
          fontWeight: n.read_at ? 400 : 600 }}>
          <List.Item.Meta title={n.title ?? n.message}
            description={<>{n.body && <div>{n.body}</div>}
              <Typography.Text type="secondary">{formatDateTime(n.created_at, i18n.language)}
              </Typography.Text></>} />
        </List.Item>
      )} />
  ) : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("notifications.empty")} />;
  return (
    <Popover content={content} title={t("notifications.title")} trigger="click"
      placement="bottomRight">
      <Badge count={unread} size="small">
        <Button type="text" icon={<BellOutlined />} aria-label={t("notifications.title")}
          data-testid="notifications" />
      </Badge>
    </Popover>
  );
}
