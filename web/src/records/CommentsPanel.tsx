// A record's comments (GET/POST /<object>/{id}/comments, PATCH/DELETE /comments/{id}):
// newest first, @mention colleagues, edit or delete one's own.
import { useRef, useState } from "react";
import { App, Button, Empty, List, Mentions, Popconfirm, Skeleton, Space, Typography } from "antd";
import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { ApiError, api } from "../api/client";
import type { Page, RecordData } from "../api/client";
import { formatDateTime } from "../lib/dates";
import { decodeMentions, encodeMentions, splitMentions } from "./mentions";

export interface Comment {
  id: string; body: string; author_id: string; author_name: string | null;
  created_at: string; edited_at: string | null; can_edit: boolean;
}
interface Written extends Comment {
  not_notified?: { user_id: string; reason: string; message: string }[];
}

const MAX = 5000;

/** A text box where "@" suggests colleagues; `people` remembers who was picked. */
function MentionBox({ value, onChange, people, onSubmit, autoFocus, testId }: {
  value: string; onChange: (v: string) => void; people: Map<string, string>;
  onSubmit: () => void; autoFocus?: boolean; testId: string }) {
  const { t } = useTranslation();
  const [options, setOptions] = useState<{ value: string; label: string; key: string }[]>([]);
  const [loading, setLoading] = useState(false);
  const search = (q: string) => {
    setLoading(true);
    api<Page<RecordData>>("users", { query: { q: q || undefined, limit: 8 } })
      .then((page) => setOptions(page.items.map((u) => ({ key: u.id, value: String(u.name ?? u.id),
        label: String(u.name ?? u.id) }))))
      .catch(() => setOptions([])) // a user who may not list colleagues still comments
      .finally(() => setLoading(false));
  };
  return (
    <Mentions value={value} onChange={onChange} autoSize={{ minRows: 2, maxRows: 8 }}
      maxLength={MAX} autoFocus={autoFocus} loading={loading} options={options}
      onSearch={search} placeholder={t("collab.commentPlaceholder")} data-testid={testId}
      aria-label={t("collab.commentPlaceholder")}
      onSelect={(option) => { if (option.key && option.value) people.set(option.value, option.key); }}
      onKeyDown={(e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) onSubmit(); }} />
  );
}

function CommentBody({ body }: { body: string }) {
  return (
    <span style={{ whiteSpace: "pre-wrap" }}>
      {splitMentions(body).map((p, i) => ("name" in p
        ? <Typography.Text key={i} strong style={{ color: "#1677ff" }}>@{p.name}</Typography.Text>
        : <span key={i}>{p.text}</span>))}
    </span>
  );
}

export default function CommentsPanel({ object, id }: { object: string; id: string }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [draft, setDraft] = useState("");
  const people = useRef(new Map<string, string>()).current;
  const [posting, setPosting] = useState(false);
  const [editing, setEditing] = useState<{ id: string; text: string; people: Map<string, string> } | null>(null);
  const key = ["comments", object, id];
  const comments = useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam }) => api<Page<Comment>>(`${object}/${id}/comments`,
      { query: { cursor: pageParam ?? undefined, limit: 20 } }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: key });
    void qc.invalidateQueries({ queryKey: ["timeline", object, id] });
  };
  const report = (written: Written) => {
    const skipped = written.not_notified ?? [];
    if (skipped.length) message.info(skipped.map((s) => s.message).join(" "));
  };
  const fail = (err: unknown) => message.error(err instanceof ApiError
    ? (err.problem?.errors?.[0]?.message ?? err.message) : t("error.loadFailed"));

  const post = async () => {
    if (!draft.trim() || posting) return;
    setPosting(true);
    try {
      report(await api<Written>(`${object}/${id}/comments`, { body: { body: encodeMentions(draft.trim(), people) } }));
      setDraft("");
      people.clear();
      refresh();
    } catch (err) { fail(err); } finally { setPosting(false); }
  };
  const saveEdit = async () => {
    if (!editing || !editing.text.trim()) return;
    try {
      report(await api<Written>(`comments/${editing.id}`, { method: "PATCH",
        body: { body: encodeMentions(editing.text.trim(), editing.people) } }));
      setEditing(null);
      refresh();
    } catch (err) { fail(err); }
  };
  const remove = async (c: Comment) => {
    try {
      await api(`comments/${c.id}`, { method: "DELETE" });
      refresh();
    } catch (err) { fail(err); }
  };

  const items = comments.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div data-testid="comments">
      <Space direction="vertical" style={{ width: "100%" }}>
        <MentionBox value={draft} onChange={setDraft} people={people} onSubmit={() => void post()}
          testId="comment-input" />
        <Space style={{ justifyContent: "space-between", width: "100%" }}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t("collab.mentionHint")}</Typography.Text>
          <Button type="primary" onClick={() => void post()} loading={posting}
            disabled={!draft.trim()} data-testid="comment-post">{t("collab.post")}</Button>
        </Space>
      </Space>
      {comments.isLoading ? <Skeleton active /> : comments.error
        ? <Typography.Text type="danger">{t("error.loadFailed")}: {comments.error.message}</Typography.Text>
        : !items.length ? <Empty description={t("collab.noComments")} />
          : (
            <List dataSource={items} rowKey="id" renderItem={(c) => (
              <List.Item data-testid="comment" actions={c.can_edit && editing?.id !== c.id ? [
                <Button key="e" type="link" size="small" onClick={() => {
                  const d = decodeMentions(c.body);
                  setEditing({ id: c.id, text: d.text, people: d.people });
                }}>{t("common.edit")}</Button>,
                <Popconfirm key="d" title={t("collab.deleteComment")} onConfirm={() => void remove(c)}
                  okText={t("common.delete")} okButtonProps={{ danger: true }}>
                  <Button type="link" size="small" danger>{t("common.delete")}</Button>
                </Popconfirm>] : undefined}>
                <List.Item.Meta
                  title={<Space size={4} wrap>
                    <Typography.Text strong>{c.author_name ?? "—"}</Typography.Text>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {formatDateTime(c.created_at, i18n.language)}
                      {c.edited_at ? ` · ${t("collab.edited")}` : ""}</Typography.Text>
                  </Space>}
                  description={editing?.id === c.id ? (
                    <Space direction="vertical" style={{ width: "100%" }}>
                      <MentionBox value={editing.text} autoFocus people={editing.people}
                        onChange={(text) => setEditing({ ...editing, text })}
                        onSubmit={() => void saveEdit()} testId="comment-edit" />
                      <Space>
                        <Button size="small" type="primary" onClick={() => void saveEdit()}>{t("common.save")}</Button>
                        <Button size="small" onClick={() => setEditing(null)}>{t("common.cancel")}</Button>
                      </Space>
                    </Space>
                  ) : <CommentBody body={c.body} />} />
              </List.Item>
            )} />
          )}
      {comments.hasNextPage && <Button block onClick={() => void comments.fetchNextPage()}
        loading={comments.isFetchingNextPage}>{t("list.loadMore")}</Button>}
    </div>
  );
}
