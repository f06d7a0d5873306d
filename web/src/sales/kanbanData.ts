// Kanban columns: from GET /opportunities/kanban when the server has it, else built
// here from the pipeline's stages and the open list of opportunities.
import { api } from "../api/client";
import type { Page, RecordData } from "../api/client";
import { add } from "../lib/money";
import { routeMissing } from "../shell/NotificationsBell";

export interface Stage { key: string; name: string; probability?: number | string; kind?: string }
/** `amount` is null when the server withholds it (the user may not read deals' amounts). */
export interface Column { stage: Stage; items: RecordData[]; amount: string | null; count: number }
export interface Board { pipelineId: string | null; pipelines: { id: string; name: string }[];
  columns: Column[] }

type Raw = Record<string, unknown>;

/** Accepts the server's board in the shapes we know and returns columns. */
export function normalizeBoard(raw: Raw): Column[] {
  const cols = (raw.columns ?? raw.stages ?? []) as Raw[];
  return cols.map((c) => {
    const stage = (c.stage && typeof c.stage === "object" ? c.stage : c) as Stage;
    const items = (c.items ?? c.opportunities ?? c.cards ?? []) as RecordData[];
    const given = c.amount ?? c.total_amount ?? c.sum;
    const withheld = "amount" in c && c.amount === null;
    const amount = withheld ? null
      : given != null ? String(given) : add(...items.map((i) => i.amount as string));
    return { stage: { key: stage.key, name: stage.name ?? stage.key, probability: stage.probability,
      kind: stage.kind }, items, amount, count: Number(c.count ?? items.length) };
  });
}

export function groupByStage(stages: Stage[], items: RecordData[]): Column[] {
  return stages.map((stage) => {
    const mine = items.filter((i) => i.stage === stage.key);
    return { stage, items: mine, amount: add(...mine.map((i) => i.amount as string)), count: mine.length };
  });
}

/** Move a card between columns locally (optimistic), keeping sums right. */
export function moveCard(columns: Column[], id: string, toStage: string): Column[] {
  const card = columns.flatMap((c) => c.items).find((i) => i.id === id);
  if (!card) return columns;
  const moved: RecordData = { ...card, stage: toStage };
  return columns.map((c) => {
    const items = c.stage.key === toStage
      ? [moved, ...c.items.filter((i) => i.id !== id)]
      : c.items.filter((i) => i.id !== id);
    return { ...c, items, count: items.length,
      amount: c.amount === null ? null : add(...items.map((i) => i.amount as string)) };
  });
}

export async function loadBoard(pipelineId: string | null, ownerId?: string): Promise<Board> {
  const pipelines = await api<Page>("pipelines", { query: { limit: 100, sort: "name" } })
    .then((p) => p.items).catch(() => [] as RecordData[]);
  const list = pipelines.map((p) => ({ id: p.id, name: String(p.name ?? p.id) }));
  const chosen = pipelines.find((p) => p.id === pipelineId)
    ?? pipelines.find((p) => p.is_default) ?? pipelines[0];
  try {
    const raw = await api<Raw>("opportunities/kanban", { query: { pipeline_id: chosen?.id,
      owner_id: ownerId } });
    const pipeline = raw.pipeline as { id?: string } | undefined;
    return { pipelineId: pipeline?.id ?? chosen?.id ?? null, pipelines: list,
      columns: normalizeBoard(raw) };
  } catch (err) {
    if (!routeMissing(err)) throw err;
  }
  const stages = (chosen?.stages ?? []) as Stage[];
  const items = await api<Page>("opportunities", { query: { pipeline_id: chosen?.id, limit: 500,
    sort: "-amount", owner_id: ownerId } }).then((p) => p.items);
  return { pipelineId: chosen?.id ?? null, pipelines: list, columns: groupByStage(stages, items) };
}
