// Builds a condition tree with the mouse: groups (all / any, optionally "not") of rules
// (field · operator · value). Values use the field's own input (picklists, dates, money).
import { Button, Card, Select, Space, Switch, Typography } from "antd";
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { useTranslation } from "react-i18next";
import type { ObjectMeta } from "../api/meta";
import { labelOf } from "../api/meta";
import FieldInput from "../records/FieldInput";
import type { Group, Leaf, Node } from "./conditions";
import { CONDITION_OPS, NO_VALUE, emptyGroup } from "./conditions";

interface Props { obj: ObjectMeta | undefined; value: Group; onChange: (g: Group) => void; depth?: number }

export default function ConditionEditor({ obj, value, onChange, depth = 0 }: Props) {
  const { t } = useTranslation();
  const set = (i: number, node: Node) => onChange({ ...value,
    children: value.children.map((c, j) => (j === i ? node : c)) });
  const remove = (i: number) => onChange({ ...value, children: value.children.filter((_, j) => j !== i) });
  const firstField = obj?.fields.find((f) => f.api_name === obj.name_field)?.api_name ?? obj?.fields[0]?.api_name ?? "";
  return (
    <Card size="small" style={{ background: depth % 2 ? "#fafafa" : undefined }} data-testid="condition-group">
      <Space wrap style={{ marginBottom: value.children.length ? 8 : 0 }}>
        <Select size="small" value={value.match} onChange={(match) => onChange({ ...value, match })}
          options={[{ value: "all", label: t("conditions.all") }, { value: "any", label: t("conditions.any") }]} />
        <span><Switch size="small" checked={value.negate} onChange={(negate) => onChange({ ...value, negate })} />{" "}
          {t("conditions.not")}</span>
        {!value.children.length && <Typography.Text type="secondary">{t("conditions.always")}</Typography.Text>}
      </Space>
      {value.children.map((c, i) => (
        <div key={i} style={{ marginBottom: 8 }}>
          {c.kind === "group" ? (
            <Space align="start" style={{ width: "100%" }}>
              <ConditionEditor obj={obj} value={c} onChange={(g) => set(i, g)} depth={depth + 1} />
              <Button size="small" type="text" icon={<DeleteOutlined />} aria-label={t("common.remove")}
                onClick={() => remove(i)} />
            </Space>
          ) : <Rule obj={obj} leaf={c} onChange={(l) => set(i, l)} onRemove={() => remove(i)} />}
        </div>
      ))}
      <Space>
        <Button size="small" icon={<PlusOutlined />} data-testid="condition-add-rule"
          onClick={() => onChange({ ...value, children: [...value.children,
            { kind: "leaf", field: firstField, op: "eq", value: null }] })}>{t("conditions.addRule")}</Button>
        {depth < 2 && <Button size="small" icon={<PlusOutlined />}
          onClick={() => onChange({ ...value, children: [...value.children, emptyGroup()] })}>
          {t("conditions.addGroup")}</Button>}
      </Space>
    </Card>
  );
}

function Rule({ obj, leaf, onChange, onRemove }: { obj: ObjectMeta | undefined; leaf: Leaf;
  onChange: (l: Leaf) => void; onRemove: () => void }) {
  const { t, i18n } = useTranslation();
  const field = obj?.fields.find((f) => f.api_name === leaf.field);
  const valueField = field && (leaf.op === "in" || leaf.op === "contains")
    ? { ...field, type: "text" as const, max_length: 500 } : field;
  return (
    <Space wrap data-testid="condition-rule">
      <Select size="small" style={{ width: 160 }} value={leaf.field || undefined} showSearch optionFilterProp="label"
        placeholder={t("bulk.field")} onChange={(f) => onChange({ ...leaf, field: f, value: null })}
        options={(obj?.fields ?? []).filter((f) => f.type !== "json")
          .map((f) => ({ value: f.api_name, label: labelOf(f, i18n.language) }))} />
      <Select size="small" style={{ width: 130 }} value={leaf.op} onChange={(op) => onChange({ ...leaf, op })}
        options={CONDITION_OPS.map((o) => ({ value: o, label: t(`conditions.ops.${o}`) }))} />
      {!NO_VALUE.has(leaf.op) && valueField && (
        <div style={{ width: 200 }}><FieldInput field={valueField} value={leaf.value}
          onChange={(v) => onChange({ ...leaf, value: v })} /></div>
      )}
      <Button size="small" type="text" icon={<DeleteOutlined />} aria-label={t("common.remove")} onClick={onRemove} />
    </Space>
  );
}
