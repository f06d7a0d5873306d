// A role's rights: data scope, actions per object (a matrix), and field permissions
// (hidden / read-only / masked) — saved with the role's version (409 → reload).
import { useEffect, useState } from "react";
import { Alert, App, Button, Checkbox, Collapse, Select, Space, Table, Tag, Typography } from "antd";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { ApiError, api } from "../api/client";
import type { RecordData } from "../api/client";
import { labelOf, useObjects } from "../api/meta";

export const ACTIONS = ["read", "create", "update", "delete", "export", "approve"];
const SCOPES = ["own", "department", "department_and_below", "all"];
const LEVELS = ["readonly", "masked", "hidden"];

type Perms = Record<string, string[]>;
type FieldPerms = Record<string, Record<string, string>>;

const expand = (actions: string[] | undefined) => (actions?.includes("*") ? ACTIONS : actions ?? []);

/** What a role grants on an object: its own entry, else its "*" entry (as the server reads it). */
export function effective(perms: Perms, object: string): string[] {
  return expand(object in perms ? perms[object] : perms["*"]);
}

/** Toggle one action of one object (or of "*"). An object that inherited "*" gets its own
 * entry, which then wins over "*"; an empty own entry means "nothing", so it is kept. */
export function toggleAction(perms: Perms, object: string, action: string, on: boolean): Perms {
  const now = new Set(effective(perms, object));
  if (on) now.add(action); else now.delete(action);
  if (!on && action === "read") ACTIONS.forEach((a) => now.delete(a)); // nothing without read
  if (on && action !== "read") now.add("read");
  const next = { ...perms, [object]: ACTIONS.filter((a) => now.has(a)) };
  if (!next[object].length && !("*" in perms && object !== "*")) delete next[object];
  return next;
}

/** Back to inheriting from "*". */
export function inherit(perms: Perms, object: string): Perms {
  const next = { ...perms };
  delete next[object];
  return next;
}

export default function RoleEditor({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { data: objects = [] } = useObjects();
  const role = useQuery({ queryKey: ["record", "roles", id], queryFn: () => api<RecordData>(`roles/${id}`) });
  const [scope, setScope] = useState("own");
  const [perms, setPerms] = useState<Perms>({});
  const [fields, setFields] = useState<FieldPerms>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!role.data) return;
    setScope(String(role.data.data_scope ?? "own"));
    setPerms((role.data.permissions as Perms) ?? {});
    setFields((role.data.field_permissions as FieldPerms) ?? {});
  }, [role.data]);
  if (!role.data) return null;

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const saved = await api<RecordData>(`roles/${id}`, { method: "PATCH", body: {
        data_scope: scope, permissions: perms, field_permissions: fields, version: role.data!.version } });
      qc.setQueryData(["record", "roles", id], saved);
      message.success(t("common.saved"));
    } catch (err) {
      setError(err instanceof ApiError ? [err.message, ...Object.values(err.fieldErrors)].join(" — ")
        : t("error.network"));
      if (err instanceof ApiError && err.status === 409) void role.refetch();
    } finally {
      setBusy(false);
    }
  };
  const setLevel = (object: string, field: string, level: string | null) => {
    const forObject = { ...(fields[object] ?? {}) };
    if (level) forObject[field] = level; else delete forObject[field];
    const next = { ...fields, [object]: forObject };
    if (!Object.keys(forObject).length) delete next[object];
    setFields(next);
  };

  return (
    <div data-testid="role-editor">
      {role.data.builtin === true && <Alert type="info" showIcon message={t("roles.builtin")} style={{ marginBottom: 12 }} />}
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Space style={{ marginBottom: 12 }} wrap>
        <Typography.Text strong>{t("roles.dataScope")}</Typography.Text>
        <Select style={{ width: 220 }} value={scope} onChange={setScope}
          options={SCOPES.map((s) => ({ value: s, label: t(`pick.data_scope.${s}`) }))} />
        <Button type="primary" loading={busy} onClick={() => void save()}>{t("common.save")}</Button>
      </Space>
      <Table size="small" rowKey="api_name" pagination={false} scroll={{ x: "max-content" }}
        dataSource={[{ api_name: "*", label: t("roles.allObjects") }, ...objects.map((o) => ({
          api_name: o.api_name, label: labelOf(o, i18n.language) }))]}
        columns={[
          { key: "o", title: t("roles.object"), render: (_, o) => (
            <Space>
              {o.api_name === "*" ? <b>{o.label}</b> : o.label}
              {o.api_name !== "*" && "*" in perms && (o.api_name in perms
                ? <Button size="small" type="link" onClick={() => setPerms(inherit(perms, o.api_name))}>
                  {t("roles.inherit")}</Button>
                : <Tag>{t("roles.inherited")}</Tag>)}
            </Space>) },
          ...ACTIONS.map((a) => ({ key: a, title: t(`roles.actions.${a}`), align: "center" as const,
            render: (_: unknown, o: { api_name: string }) => (
              <Checkbox checked={effective(perms, o.api_name).includes(a)} aria-label={`${o.api_name} ${a}`}
                onChange={(e) => setPerms(toggleAction(perms, o.api_name, a, e.target.checked))} />) })),
        ]} />
      <Typography.Title level={5} style={{ marginTop: 16 }}>{t("roles.fieldPermissions")}</Typography.Title>
      <Collapse size="small" items={objects.filter((o) => effective(perms, o.api_name).includes("read")).map((o) => ({
        key: o.api_name,
        label: <>{labelOf(o, i18n.language)} {Object.keys(fields[o.api_name] ?? {}).length > 0 &&
          <Tag color="orange">{Object.keys(fields[o.api_name] ?? {}).length}</Tag>}</>,
        children: (
          <Table size="small" rowKey="api_name" pagination={false}
            dataSource={o.fields.filter((f) => !["id", "version"].includes(f.api_name))}
            columns={[
              { key: "f", title: t("fields.label"), render: (_, f) => labelOf(f, i18n.language) },
              { key: "l", title: t("roles.level"), render: (_, f) => (
                <Select size="small" style={{ width: 160 }} allowClear placeholder={t("roles.levels.full")}
                  value={fields[o.api_name]?.[f.api_name] ?? null}
                  onChange={(v) => setLevel(o.api_name, f.api_name, v ?? null)}
                  options={LEVELS.map((l) => ({ value: l, label: t(`roles.levels.${l}`) }))} />) },
            ]} />
        ),
      }))} />
    </div>
  );
}
