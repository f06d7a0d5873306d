// The list's saved views (/api/v1/views): a picker with "My views" and "Shared with me",
// save the list as a view (private, my department, everyone), save changes, rename or
// reshare, delete, and my default view (the list opens with it).
import { useEffect, useRef, useState } from "react";
import { App, Button, Dropdown, Form, Input, Modal, Radio } from "antd";
import type { MenuProps } from "antd";
import { DownOutlined, StarFilled, TeamOutlined, GlobalOutlined } from "@ant-design/icons";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { ApiError, api } from "../api/client";
import type { ObjectMeta } from "../api/meta";
import { useAuth } from "../auth/AuthContext";
import type { Filter, SavedView, Sharing, View, ViewBody, ViewList } from "./views";
import { groupViews, keepLegacyViews, legacyBody, legacyViews, matchesView, viewBody,
  withoutRejected } from "./views";

export interface ListState { q: string; sort: string; filters: Filter[]; columns: string[] }

export function useSavedViews(object: string) {
  return useQuery({
    queryKey: ["views", object],
    queryFn: () => api<ViewList>("views", { query: { object } }),
    staleTime: 60_000,
  });
}

// Objects whose localStorage views are being moved (StrictMode runs effects twice).
const moving = new Set<string>();

/** Move the views this browser kept locally to the server, once; nothing is lost: a view
 * refused for a field since hidden is saved without that field. */
async function moveLegacyViews(object: string): Promise<boolean> {
  const views = legacyViews(object);
  if (!views.length || moving.has(object)) return false;
  moving.add(object);
  const left: View[] = [];
  try {
    for (const v of views) {
      const body = legacyBody(object, v);
      try {
        await api("views", { body });
      } catch (err) {
        if (err instanceof ApiError && err.status === 422) {
          await api("views", { body: withoutRejected(body, err.problem?.errors ?? []) })
            .catch(() => undefined); // refused twice: it cannot be saved on the server
        } else {
          left.push(v); // offline or server trouble: try again next time
        }
      }
    }
    keepLegacyViews(object, left);
  } finally {
    moving.delete(object);
  }
  return true;
}

export default function SavedViews({ obj, state, activeId, pristine, onApply, onMine,
  mineActive }: {
  obj: ObjectMeta; state: ListState; activeId: string | null; pristine: boolean;
  onApply: (view: SavedView | null) => void; onMine?: () => void; mineActive: boolean;
}) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const views = useSavedViews(obj.api_name);
  const [editing, setEditing] = useState<{ view: SavedView | null } | null>(null);
  const opened = useRef(false);
  const refresh = () => qc.invalidateQueries({ queryKey: ["views", obj.api_name] });

  useEffect(() => {
    void moveLegacyViews(obj.api_name).then((moved) => { if (moved) void refresh(); });
  }, [obj.api_name]);

  // A list opened without any search, filter or view shows my default view.
  const items = views.data?.items ?? [];
  useEffect(() => {
    if (opened.current || !views.data) return;
    opened.current = true;
    const def = items.find((v) => v.id === views.data.default_id);
    if (pristine && def) onApply(def);
  }, [views.data]);

  const active = items.find((v) => v.id === activeId) ?? null;
  const changed = active ? !matchesView(active, state) : false;
  const fail = (err: unknown) => {
    if (err instanceof ApiError && err.status === 409) {
      message.warning(t("savedViews.conflict"));
      void refresh();
    } else {
      message.error((err as Error).message);
    }
  };
  const saveChanges = async (view: SavedView) => {
    try {
      await api(`views/${view.id}`, { method: "PATCH", body: { version: view.version,
        ...viewBody(state) } });
      message.success(t("savedViews.saved", { name: view.name }));
      void refresh();
    } catch (err) { fail(err); }
  };
  const toggleDefault = async (view: SavedView) => {
    try {
      await api(`views/${view.id}/default`, { method: view.is_default ? "DELETE" : "POST" });
      message.success(view.is_default ? t("savedViews.defaultOff") : t("savedViews.defaultOn",
        { name: view.name }));
      void refresh();
    } catch (err) { fail(err); }
  };
  const remove = (view: SavedView) => modal.confirm({
    title: t("savedViews.deleteTitle", { name: view.name }),
    content: view.sharing !== "private" ? t("savedViews.deleteShared") : undefined,
    okButtonProps: { danger: true }, okText: t("common.delete"),
    onOk: async () => {
      try {
        await api(`views/${view.id}`, { method: "DELETE" });
        if (view.id === activeId) onApply(null);
        void refresh();
      } catch (err) { fail(err); }
    },
  });

  const { mine, shared } = groupViews(items);
  const entry = (v: SavedView) => ({
    key: `view:${v.id}`,
    label: <span data-testid={`view-${v.name}`}>
      {v.is_default && <StarFilled style={{ color: "#faad14", marginRight: 4 }}
        aria-label={t("savedViews.default")} />}
      {v.name}
      {v.sharing === "department" && <TeamOutlined style={{ marginLeft: 6 }}
        aria-label={t("savedViews.sharing.department")} />}
      {v.sharing === "all" && <GlobalOutlined style={{ marginLeft: 6 }}
        aria-label={t("savedViews.sharing.all")} />}
      {!v.mine && v.owner_name && <span style={{ color: "#8c8c8c" }}> · {v.owner_name}</span>}
    </span>,
  });
  const menu: MenuProps["items"] = [
    ...(onMine ? [{ key: "mine", label: mineActive ? `✓ ${t("views.mine")}` : t("views.mine") }] : []),
    { type: "group" as const, key: "g-mine", label: t("savedViews.mine"),
      children: mine.length ? mine.map(entry)
        : [{ key: "none-mine", label: t("savedViews.noneMine"), disabled: true }] },
    ...(shared.length ? [{ type: "group" as const, key: "g-shared", label: t("savedViews.shared"),
      children: shared.map(entry) }] : []),
    { type: "divider" as const },
    { key: "save", label: t("savedViews.saveNew") },
    ...(active?.can_edit && changed ? [{ key: "update", label: t("savedViews.saveChanges",
      { name: active.name }) }] : []),
    ...(active?.can_edit ? [{ key: "edit", label: t("savedViews.edit") }] : []),
    ...(active ? [{ key: "default", label: active.is_default ? t("savedViews.unsetDefault")
      : t("savedViews.setDefault") }] : []),
    ...(active?.can_edit ? [{ key: "delete", danger: true, label: t("savedViews.delete",
      { name: active.name }) }] : []),
    ...(active ? [{ key: "clear", label: t("savedViews.clear") }] : []),
  ];
  const onClick: MenuProps["onClick"] = ({ key }) => {
    if (key === "mine") onMine?.();
    else if (key === "save") setEditing({ view: null });
    else if (key === "edit" && active) setEditing({ view: active });
    else if (key === "update" && active) void saveChanges(active);
    else if (key === "default" && active) void toggleDefault(active);
    else if (key === "delete" && active) remove(active);
    else if (key === "clear") onApply(null);
    else if (key.startsWith("view:")) {
      const v = items.find((x) => x.id === key.slice(5));
      if (v) onApply(v);
    }
  };
  return (
    <>
      <Dropdown trigger={["click"]} menu={{ items: menu, onClick }}>
        <Button data-testid="views-button" loading={views.isLoading}>
          {active ? `${active.name}${changed ? " *" : ""}` : t("views.title")} <DownOutlined />
        </Button>
      </Dropdown>
      {editing && <ViewDialog obj={obj} view={editing.view} state={state}
        onClose={() => setEditing(null)}
        onSaved={(v) => { setEditing(null); void refresh(); onApply(v); }} />}
    </>
  );
}

/** Save the list as a new view, or rename / reshare one. */
function ViewDialog({ obj, view, state, onClose, onSaved }: { obj: ObjectMeta;
  view: SavedView | null; state: ListState; onClose: () => void; onSaved: (v: SavedView) => void }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const [form] = Form.useForm<{ name: string; sharing: Sharing }>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    const values = await form.validateFields();
    setSaving(true);
    setError(null);
    try {
      const body: Partial<ViewBody> & { version?: number } = view
        ? { version: view.version, name: values.name, sharing: values.sharing }
        : { object: obj.api_name, name: values.name, sharing: values.sharing, ...viewBody(state) };
      onSaved(await api<SavedView>(view ? `views/${view.id}` : "views",
        { method: view ? "PATCH" : "POST", body }));
    } catch (err) {
      const problem = err instanceof ApiError ? err.problem : null;
      setError(problem?.errors?.map((e) => e.message).join(" ") || (err as Error).message);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open title={view ? t("savedViews.edit") : t("savedViews.saveNew")} onCancel={onClose}
      onOk={() => void submit()} confirmLoading={saving} okText={t("common.save")} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ name: view?.name ?? "",
        sharing: view?.sharing ?? "private" }} onFinish={() => void submit()}>
        <Form.Item name="name" label={t("views.name")} rules={[{ required: true, whitespace: true,
          message: t("savedViews.nameRequired") }, { max: 100, message: t("savedViews.nameTooLong") }]}>
          <Input autoFocus maxLength={100} data-testid="view-name" />
        </Form.Item>
        <Form.Item name="sharing" label={t("savedViews.sharingLabel")}>
          <Radio.Group data-testid="view-sharing" options={[
            { value: "private", label: t("savedViews.sharing.private") },
            { value: "department", label: t("savedViews.sharing.department"),
              disabled: !me?.department_id },
            { value: "all", label: t("savedViews.sharing.all") }]} />
        </Form.Item>
        {!me?.department_id && <div style={{ color: "#8c8c8c", fontSize: 12 }}>
          {t("savedViews.noDepartment")}</div>}
        {error && <div role="alert" style={{ color: "#cf1322" }}>{error}</div>}
      </Form>
    </Modal>
  );
}
