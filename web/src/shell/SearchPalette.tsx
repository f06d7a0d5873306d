// Ctrl/⌘-K: one box that searches every object's list with its `q` parameter.
import { useEffect, useMemo, useRef, useState } from "react";
import type { KeyboardEvent } from "react";
import { Empty, Input, List, Modal, Spin, Tag, Typography } from "antd";
import type { InputRef } from "antd";
import { SearchOutlined } from "@ant-design/icons";
import { useQueries } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { api } from "../api/client";
import type { Page } from "../api/client";
import { labelOf, recordTitle, useObjects } from "../api/meta";
import type { ObjectMeta } from "../api/meta";
import { useDebounced } from "../lib/useDebounced";

// Searched first, in this order; custom objects follow.
const PRIORITY = ["accounts", "contacts", "leads", "opportunities", "orders", "products",
  "contracts", "tickets", "campaigns", "users"];
const SKIP = new Set(["roles", "pipelines", "payments", "activities", "departments",
  "payment_plans", "tasks"]);

export function searchTargets(objects: ObjectMeta[]): ObjectMeta[] {
  const rank = (o: ObjectMeta) => {
    const i = PRIORITY.indexOf(o.api_name);
    return i < 0 ? PRIORITY.length : i;
  };
  return objects.filter((o) => !SKIP.has(o.api_name)).sort((a, b) => rank(a) - rank(b));
}

interface Hit { object: ObjectMeta; id: string; title: string; sub: string }

export default function SearchPalette({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const { data: objects = [] } = useObjects();
  const [text, setText] = useState("");
  const [active, setActive] = useState(0);
  const q = useDebounced(text.trim(), 200);
  const input = useRef<InputRef>(null);
  const targets = useMemo(() => searchTargets(objects), [objects]);

  const results = useQueries({
    queries: targets.map((o) => ({
      queryKey: ["search", o.api_name, q],
      queryFn: () => api<Page>(o.api_name, { query: { q, limit: 5 } }),
      enabled: open && q.length > 0,
      staleTime: 10_000,
    })),
  });
  const hits: Hit[] = results.flatMap((r, i) => (r.data?.items ?? []).map((item) => ({
    object: targets[i], id: item.id, title: recordTitle(targets[i], item),
    sub: [item.company, item.mobile, item.email, item.phone, item.city]
      .filter((v) => typeof v === "string" && v).join(" · "),
  })));
  const loading = results.some((r) => r.isFetching);

  useEffect(() => {
    if (open) { setText(""); setActive(0); setTimeout(() => input.current?.focus(), 50); }
  }, [open]);
  useEffect(() => setActive(0), [q]);

  const choose = (hit: Hit | undefined) => {
    if (!hit) return;
    onClose();
    navigate(`/o/${hit.object.api_name}/${hit.id}`);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === "ArrowDown") { e.preventDefault(); setActive((a) => Math.min(a + 1, hits.length - 1)); }
    if (e.key === "ArrowUp") { e.preventDefault(); setActive((a) => Math.max(a - 1, 0)); }
    if (e.key === "Enter") choose(hits[active]);
  };

  return (
    <Modal open={open} onCancel={onClose} footer={null} closable={false} width={600}
      styles={{ body: { padding: 0 } }} destroyOnHidden title={null}>
      <Input ref={input} size="large" variant="borderless" prefix={<SearchOutlined />}
        placeholder={t("search.placeholder")} value={text} onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown} suffix={loading ? <Spin size="small" /> : null}
        aria-label={t("search.placeholder")} data-testid="search-input"
        style={{ padding: "12px 16px", borderBottom: "1px solid #f0f0f0" }} />
      <div style={{ maxHeight: 420, overflow: "auto" }}>
        {q && !loading && hits.length === 0 && (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("search.none", { q })} />
        )}
        {!q && <Typography.Paragraph type="secondary" style={{ padding: 16, margin: 0 }}>
          {t("search.hint")}</Typography.Paragraph>}
        <List dataSource={hits} renderItem={(hit, i) => (
          <List.Item onClick={() => choose(hit)} onMouseEnter={() => setActive(i)}
            style={{ padding: "8px 16px", cursor: "pointer",
              background: i === active ? "#e6f4ff" : undefined }}
            role="option" aria-selected={i === active}>
            <List.Item.Meta title={hit.title} description={hit.sub || null} />
            <Tag>{labelOf(hit.object, i18n.language)}</Tag>
          </List.Item>
        )} />
      </div>
    </Modal>
  );
}
