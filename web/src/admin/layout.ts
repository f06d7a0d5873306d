// The page-layout editor's model and its drag-and-drop moves, kept free of React so they
// can be tested. A layout is ordered sections ("groups") of field api names. The editor
// adds one pseudo-section, the pool, for fields no section shows; it is never saved
// (the detail page shows such fields under "More").
import { arrayMove } from "@dnd-kit/sortable";

export interface Labels { en: string; "zh-CN": string }
export interface LayoutGroup { key: string; labels: Labels; fields: string[] }

export const POOL = "__pool";
export const fieldId = (name: string) => `field:${name}`;
export const groupId = (key: string) => `group:${key}`;
const isGroupId = (id: string) => id.startsWith("group:");
const nameOf = (id: string) => id.slice(id.indexOf(":") + 1);

/** The server's groups plus the pool of fields that no group places. */
export function withPool(groups: LayoutGroup[], allFields: string[]): LayoutGroup[] {
  const placed = new Set(groups.flatMap((g) => g.fields));
  const real = groups.filter((g) => g.key !== POOL).map((g) => ({ ...g, fields: [...g.fields] }));
  return [...real, { key: POOL, labels: { en: "", "zh-CN": "" }, fields: allFields.filter((f) => !placed.has(f)) }];
}

/** The key of the group a draggable/droppable id belongs to (a field's, or the group itself). */
export function containerOf(groups: LayoutGroup[], id: string): string | undefined {
  if (isGroupId(id)) return groups.some((g) => g.key === nameOf(id)) ? nameOf(id) : undefined;
  const name = nameOf(id);
  return groups.find((g) => g.fields.includes(name))?.key;
}

/** Put a field into a group at an index (removing it from where it was). */
export function moveField(groups: LayoutGroup[], field: string, toGroup: string, toIndex: number): LayoutGroup[] {
  const without = groups.map((g) => ({ ...g, fields: g.fields.filter((f) => f !== field) }));
  return without.map((g) => {
    if (g.key !== toGroup) return g;
    const at = Math.max(0, Math.min(toIndex, g.fields.length));
    return { ...g, fields: [...g.fields.slice(0, at), field, ...g.fields.slice(at)] };
  });
}

/** While dragging a field over another group: it joins that group, before the field it
 * is over (or at the end when over the group itself). Same group: no change yet. */
export function dragOver(groups: LayoutGroup[], activeId: string, overId: string | null): LayoutGroup[] {
  if (!overId || isGroupId(activeId)) return groups;
  const from = containerOf(groups, activeId);
  const to = containerOf(groups, overId);
  if (!from || !to || from === to) return groups;
  const target = groups.find((g) => g.key === to)!;
  const index = isGroupId(overId) ? target.fields.length : target.fields.indexOf(nameOf(overId));
  return moveField(groups, nameOf(activeId), to, index);
}

/** On drop: a field takes the place of the field it is over (same group); a group takes
 * the place of the group it is over (the pool never moves and stays last). */
export function dragEnd(groups: LayoutGroup[], activeId: string, overId: string | null): LayoutGroup[] {
  if (!overId || activeId === overId) return groups;
  if (isGroupId(activeId)) {
    const from = groups.findIndex((g) => g.key === nameOf(activeId));
    const toKey = containerOf(groups, overId);
    const to = groups.findIndex((g) => g.key === toKey);
    if (from < 0 || to < 0 || groups[from].key === POOL || groups[to].key === POOL) return groups;
    return arrayMove(groups, from, to);
  }
  const key = containerOf(groups, activeId);
  if (!key || key !== containerOf(groups, overId) || isGroupId(overId)) return dragOver(groups, activeId, overId);
  return groups.map((g) => g.key !== key ? g
    : { ...g, fields: arrayMove(g.fields, g.fields.indexOf(nameOf(activeId)), g.fields.indexOf(nameOf(overId))) });
}

/** Move a group one place up (-1) or down (+1), never past the pool. */
export function shiftGroup(groups: LayoutGroup[], key: string, by: -1 | 1): LayoutGroup[] {
  const i = groups.findIndex((g) => g.key === key);
  const j = i + by;
  if (i < 0 || j < 0 || j >= groups.length || groups[j].key === POOL || groups[i].key === POOL) return groups;
  return arrayMove(groups, i, j);
}

/** A new empty section, before the pool, with an unused key. */
export function addGroup(groups: LayoutGroup[], labels: Labels): LayoutGroup[] {
  const keys = new Set(groups.map((g) => g.key));
  let n = groups.length;
  while (keys.has(`section_${n}`)) n += 1;
  const group = { key: `section_${n}`, labels, fields: [] };
  const pool = groups.findIndex((g) => g.key === POOL);
  return pool < 0 ? [...groups, group] : [...groups.slice(0, pool), group, ...groups.slice(pool)];
}

/** Remove a section; its fields go to the pool. */
export function removeGroup(groups: LayoutGroup[], key: string): LayoutGroup[] {
  const gone = groups.find((g) => g.key === key);
  if (!gone || key === POOL) return groups;
  return groups.filter((g) => g.key !== key)
    .map((g) => (g.key === POOL ? { ...g, fields: [...g.fields, ...gone.fields] } : g));
}

/** What PUT /meta/objects/{object}/layout takes: the real groups, labels filled in
 * (a label left blank in one language takes the other's). */
export function toBody(groups: LayoutGroup[]): { groups: LayoutGroup[] } {
  return { groups: groups.filter((g) => g.key !== POOL).map((g) => {
    const en = g.labels.en.trim() || g.labels["zh-CN"].trim() || g.key;
    const zh = g.labels["zh-CN"].trim() || en;
    return { key: g.key, labels: { en, "zh-CN": zh }, fields: g.fields };
  }) };
}
