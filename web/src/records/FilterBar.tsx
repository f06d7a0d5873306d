// The filter builder (field · operator · value rows) and the column chooser.
import { useState } from "react";
import { Badge, Button, Checkbox, Popover, Select, Space, Tag, Typography } from "antd";
import { DeleteOutlined, FilterOutlined, PlusOutlined, TableOutlined } from "@ant-design/icons";
import { useTranslation } from "react-i18next";
import type { FieldMeta, ObjectMeta } from "../api/meta";
import FieldInput from "./FieldInput";
import FieldValue from "./FieldValue";
import { useLookupNames } from "./lookups";
import type { Filter } from "./views";
import { operatorsFor } from "./views";

export function FilterButton({ obj, filters, onChange }: { obj: ObjectMeta; filters: Filter[];
  onChange: (f: Filter[]) => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Filter[]>(filters);
  const [open, setOpen] = useState(false);
  const usable = obj.fields.filter((f) => f.type !== "json" && f.permission !== "hidden"
    && f.permission !== "masked");
  const fieldOf = (name: string) => usable.find((f) => f.api_name === name);
  const set = (i: number, patch: Partial<Filter>) =>
    setDraft(draft.map((d, j) => (j === i ? { ...d, ...patch } : d)));

  const content = (
    <div style={{ width: "min(560px, 90vw)" }} data-testid="filter-panel">
      {draft.length === 0 && <Typography.Text type="secondary">{t("list.noFilters")}</Typography.Text>}
      {draft.map((d, i) => {
        const f = fieldOf(d.field);
        return (
          <Space key={i} wrap style={{ display: "flex", marginBottom: 8 }}>
            <Select style={{ width: 150 }} value={d.field} showSearch optionFilterProp="label"
              options={usable.map((u) => ({ value: u.api_name, label: u.label }))}
              onChange={(v) => set(i, { field: v, op: operatorsFor(fieldOf(v)!)[0], value: "" })} />
            <Select style={{ width: 110 }} value={d.op}
              options={(f ? operatorsFor(f) : ["eq"]).map((o) => ({ value: o, label: t(`op.${o}`) }))}
              onChange={(v) => set(i, { op: v })} />
            {d.op === "isnull"
              ? <Select style={{ width: 160 }} value={d.value || "true"} onChange={(v) => set(i, { value: v })}
                options={[{ value: "true", label: t("op.empty") }, { value: "false", label: t("op.notEmpty") }]} />
              : f && <div style={{ width: 180 }}><FilterValue field={f} value={d.value}
                onChange={(v) => set(i, { value: v })} /></div>}
            <Button type="text" icon={<DeleteOutlined />} aria-label={t("common.remove")}
              onClick={() => setDraft(draft.filter((_, j) => j !== i))} />
          </Space>
        );
      })}
      <Space style={{ marginTop: 8 }}>
        <Button icon={<PlusOutlined />} onClick={() => {
          const first = usable.find((u) => u.api_name === obj.name_field) ?? usable[0];
          setDraft([...draft, { field: first.api_name, op: operatorsFor(first)[0], value: "" }]);
        }}>{t("list.addFilter")}</Button>
        <Button type="primary" onClick={() => { onChange(draft); setOpen(false); }}
          data-testid="filter-apply">{t("list.applyFilters")}</Button>
        {filters.length > 0 && <Button onClick={() => { setDraft([]); onChange([]); setOpen(false); }}>
          {t("list.clearFilters")}</Button>}
      </Space>
    </div>
  );
  return (
    <Popover content={content} trigger="click" open={open} placement="bottomLeft"
      onOpenChange={(o) => { setOpen(o); if (o) setDraft(filters); }}>
      <Badge count={filters.length} size="small">
        <Button icon={<FilterOutlined />} data-testid="filter-button">{t("list.filters")}</Button>
      </Badge>
    </Popover>
  );
}

function FilterValue({ field, value, onChange }: { field: FieldMeta; value: string;
  onChange: (v: string) => void }) {
  const { t } = useTranslation();
  if (field.type === "boolean") {
    return <Select style={{ width: "100%" }} value={value || undefined} onChange={onChange}
      options={[{ value: "true", label: t("common.yes") }, { value: "false", label: t("common.no") }]} />;
  }
  // Free text for text-like fields so "contains" takes any fragment.
  const asText: FieldMeta = ["email", "phone", "url", "textarea", "multi_picklist"].includes(field.type)
    ? { ...field, type: "text", max_length: 200 } : field;
  return <FieldInput field={asText} value={value || null}
    onChange={(v) => onChange(Array.isArray(v) ? v.join(",") : v === null || v === undefined ? "" : String(v))} />;
}

export function ActiveFilters({ obj, filters, onChange }: { obj: ObjectMeta; filters: Filter[];
  onChange: (f: Filter[]) => void }) {
  const { t } = useTranslation();
  // A filter's values as the list shows them: a choice by label, a person by name.
  const valuesOf = (f: Filter) => f.op === "in" ? f.value.split(",") : [f.value];
  const names = useLookupNames(obj, filters.flatMap((f) => valuesOf(f).map((v) => ({ [f.field]: v }))));
  if (!filters.length) return null;
  return (
    <div style={{ marginBottom: 12 }}>
      {filters.map((f, i) => {
        const field = obj.fields.find((x) => x.api_name === f.field);
        return (
          <Tag key={i} closable onClose={() => onChange(filters.filter((_, j) => j !== i))}>
            {field?.label ?? f.field} {t(`op.${f.op}`)}{" "}
            {f.op === "isnull" ? (f.value === "false" ? t("op.notEmpty") : t("op.empty"))
              : field && !["contains", "gt", "gte", "lt", "lte"].includes(f.op)
                ? valuesOf(f).map((v, n) => <span key={n}>{n > 0 && "、"}
                  <FieldValue field={field} value={v} names={names} /></span>)
                : f.value}
          </Tag>
        );
      })}
    </div>
  );
}

export function ColumnChooser({ obj, columns, onChange }: { obj: ObjectMeta; columns: string[];
  onChange: (c: string[]) => void }) {
  const { t } = useTranslation();
  const all = obj.fields.filter((f) => f.type !== "json" && f.permission !== "hidden");
  const toggle = (name: string, on: boolean) => onChange(on
    ? all.map((f) => f.api_name).filter((n) => n === name || columns.includes(n))
    : columns.filter((c) => c !== name));
  const content = (
    <div style={{ maxHeight: 360, overflow: "auto", minWidth: 200 }} data-testid="column-chooser">
      {all.map((f) => (
        <div key={f.api_name}>
          <Checkbox checked={columns.includes(f.api_name)}
            disabled={columns.length === 1 && columns.includes(f.api_name)}
            onChange={(e) => toggle(f.api_name, e.target.checked)}>{f.label}</Checkbox>
        </div>
      ))}
    </div>
  );
  return (
    <Popover content={content} trigger="click" title={t("list.columns")} placement="bottomRight">
      <Button icon={<TableOutlined />} aria-label={t("list.columns")} data-testid="columns-button" />
    </Popover>
  );
}
