// Condition trees (validation rules, approval flows, automation) as the API takes them:
// {"all":[…]} | {"any":[…]} | {"not":{…}} | {"field","op","value"}. The editor works on a
// simpler model — groups of rules, a group optionally negated — and converts both ways.

export const CONDITION_OPS = ["eq", "ne", "gt", "gte", "lt", "lte", "in", "contains", "is_empty",
  "changed", "changed_to"] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];
/** Operators that take no value. */
export const NO_VALUE = new Set<string>(["is_empty", "changed"]);

export interface Leaf { kind: "leaf"; field: string; op: string; value: unknown }
export interface Group { kind: "group"; match: "all" | "any"; negate: boolean; children: Node[] }
export type Node = Leaf | Group;
export type ConditionJson = Record<string, unknown> | null;

export function emptyGroup(): Group {
  return { kind: "group", match: "all", negate: false, children: [] };
}

/** API JSON → editor model (always a group at the top). */
export function fromJson(json: ConditionJson | undefined): Group {
  if (!json || typeof json !== "object") return emptyGroup();
  const node = parse(json);
  return node.kind === "group" ? node : { ...emptyGroup(), children: [node] };
}

function parse(json: Record<string, unknown>): Node {
  if (Array.isArray(json.all) || Array.isArray(json.any)) {
    const match = Array.isArray(json.all) ? "all" : "any";
    return { kind: "group", match, negate: false,
      children: (json[match] as Record<string, unknown>[]).map(parse) };
  }
  if (json.not && typeof json.not === "object") {
    const inner = parse(json.not as Record<string, unknown>);
    if (inner.kind === "group") return { ...inner, negate: !inner.negate };
    return { kind: "group", match: "all", negate: true, children: [inner] };
  }
  return { kind: "leaf", field: String(json.field ?? ""), op: String(json.op ?? "eq"), value: json.value };
}

/** Editor model → API JSON; an empty top group means "always" (null). */
export function toJson(group: Group): ConditionJson {
  if (!group.children.length) return null;
  return build(group);
}

function build(node: Node): Record<string, unknown> {
  if (node.kind === "leaf") {
    const out: Record<string, unknown> = { field: node.field, op: node.op };
    if (!NO_VALUE.has(node.op)) out.value = node.op === "in" && typeof node.value === "string"
      ? node.value.split(",").map((s) => s.trim()).filter(Boolean) : node.value;
    return out;
  }
  const body = { [node.match]: node.children.map(build) };
  return node.negate ? { not: body } : body;
}

/** Paths ("0.2") of incomplete rules: no field, or no value where one is needed. */
export function incomplete(group: Group, prefix = ""): string[] {
  return group.children.flatMap((c, i) => {
    const path = prefix ? `${prefix}.${i}` : String(i);
    if (c.kind === "group") return incomplete(c, path);
    const noValue = c.value === undefined || c.value === null || c.value === "";
    return !c.field || (!NO_VALUE.has(c.op) && noValue) ? [path] : [];
  });
}
