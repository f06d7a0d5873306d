// The lead pool (公海): leads without an owner. Claim one to work it.
import { Alert, Button, Empty, List, Skeleton, Typography } from "antd";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { api } from "../api/client";
import type { Page } from "../api/client";
import { useObject } from "../api/meta";
import { formatDateTime } from "../lib/dates";
import { useClaimRelease } from "./LeadActions";

export default function LeadPool() {
  const { t, i18n } = useTranslation();
  const leads = useObject("leads");
  const claim = useClaimRelease();
  const query = { owner_id__isnull: "true", status__in: "new,contacted", sort: "-created_at", limit: 50 };
  const pool = useInfiniteQuery({
    queryKey: ["list", "leads", "pool"],
    queryFn: ({ pageParam }) => api<Page>("leads", { query: { ...query, cursor: pageParam ?? undefined } }),
    initialPageParam: null as string | null,
    getNextPageParam: (p) => p.next_cursor,
    enabled: !!leads,
  });
  if (!leads) return <Skeleton active />;
  if (pool.error) return <Alert type="error" showIcon message={(pool.error as Error).message} />;
  const rows = pool.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div data-testid="lead-pool">
      <div className="page-header">
        <Typography.Title level={3}>{t("nav.leadPool")}</Typography.Title>
        <Typography.Text type="secondary">{t("lead.poolHint")}</Typography.Text>
      </div>
      <List loading={pool.isLoading} className="record-cards" dataSource={rows}
        locale={{ emptyText: <Empty description={t("lead.poolEmpty")} /> }}
        renderItem={(lead) => (
          <List.Item actions={[<Button key="claim" type="primary" size="small"
            onClick={() => void claim(lead, "claim")} data-testid="pool-claim">{t("lead.claim")}</Button>]}>
            <List.Item.Meta title={<Link to={`/o/leads/${lead.id}`}>{String(lead.name)}</Link>}
              description={[lead.company, lead.source, lead.city, formatDateTime(lead.created_at as string, i18n.language)]
                .filter(Boolean).join(" · ")} />
          </List.Item>
        )} />
      {pool.hasNextPage && <div style={{ textAlign: "center" }}>
        <Button onClick={() => void pool.fetchNextPage()} loading={pool.isFetchingNextPage}>
          {t("list.loadMore")}</Button></div>}
    </div>
  );
}
