// Ctrl/⌘-K: one box, one request (`GET /api/v1/search`) across the objects below; the
// server applies permissions, data scope and field levels, and knows pinyin.
import { useEffect, useMemo, useRef, useState } from "react";
import type { KeyboardEvent } from "react";
import { Empty, Input, List, Modal, Spin, Tag, Typography } from "antd";
import type { InputRef } from "antd";
import { SearchOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { api } from "../api/client";
import { labelOf, useObjects } from "../api/meta";
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

interface SearchHit { object: string; id: string; title: string | null; field: string | null }
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

  const byName = useMemo(() => new Map(targets.map((o) => [o.api_name, o])), [targets]);
  const result = useQuery({
    queryKey: ["search", q, targets.map((o) => o.api_name).join(",")],
    queryFn: () => api<{ items: SearchHit[] }>("search", {
      query: { q, limit: 5, objects: targets.map((o) => o.api_name).join(",") } }),
    enabled: open && q.length > 0 && targets.length > 0,
    staleTime: 10_000,
  });
  const hits: Hit[] = (result.data?.items ?? []).flatMap((h) => {
    const object = byName.get(h.object);
    if (!object) return [];
    const field = h.field ? object.fields.find((f) => f.api_name === h.field) : undefined;
    // Say where the text was found when it is not the title itself.
    const sub = field && h.field !== object.name_field ? labelOf(field, i18n.language) : "";
    return [{ object, id: h.id, title: h.title ?? "—", sub }];
  });
  const loading = result.isFetching;

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
