// What a person reads for the references in records: a record's title for a lookup id,
// for the record a polymorphic pair (related_type + related_id) names, and for the
// products on order lines; a stage's name for a stage key; an object's label for its
// api name; a role's name for its key. One batched `GET /<target>?id__in=…` per target.
import { useQueries, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api } from "../api/client";
import type { Page, RecordData } from "../api/client";
import { labelOf, recordTitle, useObjects } from "../api/meta";
import type { ObjectMeta } from "../api/meta";

/** id → title, plus the prefixed keys of {@link stageKey}, {@link objectKey}, {@link roleKey}. */
export type NameMap = Map<string, string>;

export const stageKey = (pipelineId: unknown, key: string) => `stage/${String(pipelineId ?? "")}/${key}`;
export const objectKey = (apiName: string) => `object/${apiName}`;
export const roleKey = (key: string) => `role/${key}`;

/** A stage's name: the record's own pipeline's, else any pipeline's with that key. */
export function stageName(names: NameMap | undefined, key: string, pipelineId?: unknown): string | undefined {
  return names?.get(stageKey(pipelineId, key)) ?? names?.get(stageKey("", key));
}

type Stage = { key: string; name?: string; labels?: Record<string, string> };

/** Every pipeline's stage names, and the role names: small lists, read once. */
function useStagesAndRoles(stages: boolean, roles: boolean) {
  const pipelines = useQuery({
    queryKey: ["names", "pipelines"],
    queryFn: () => api<Page>("pipelines", { query: { limit: 100 } }),
    enabled: stages, staleTime: 5 * 60_000, retry: false,
  });
  const roleList = useQuery({
    queryKey: ["names", "roles"],
    queryFn: () => api<Page>("roles", { query: { limit: 500 } }),
    enabled: roles, staleTime: 5 * 60_000, retry: false,
  });
  return { pipelines: stages ? pipelines.data?.items : undefined,
    roles: roles ? roleList.data?.items : undefined };
}

/** The ids each target object must name for `records` of `obj`. */
export function referencedIds(obj: ObjectMeta | undefined, records: Record<string, unknown>[]
): Map<string, Set<string>> {
  const idsByTarget = new Map<string, Set<string>>();
  const add = (target: unknown, id: unknown) => {
    if (typeof target !== "string" || !target || typeof id !== "string" || !id) return;
    if (!idsByTarget.has(target)) idsByTarget.set(target, new Set());
    idsByTarget.get(target)!.add(id);
  };
  const lookups = (obj?.fields ?? []).filter((f) => f.type === "lookup" && f.target);
  for (const r of records) {
    for (const f of lookups) add(f.target, r[f.api_name]);
    add(r.related_type, r.related_id);
    if (Array.isArray(r.lines)) {
      for (const line of r.lines as Record<string, unknown>[]) add("products", line?.product_id);
    }
  }
  return idsByTarget;
}

/** Names for every reference found in `records` (see the file's head). */
export function useLookupNames(obj: ObjectMeta | undefined,
  records: Record<string, unknown>[]): NameMap {
  const { data: objects = [] } = useObjects();
  const { i18n } = useTranslation();
  const lang = i18n.language;
  const idsByTarget = referencedIds(obj, records);
  const targets = [...idsByTarget.entries()].filter(([target]) =>
    objects.some((o) => o.api_name === target));
  const hasStage = !!obj?.fields.some((f) => f.api_name === "stage")
    && records.some((r) => typeof r.stage === "string");
  const extra = useStagesAndRoles(hasStage, records.some((r) => Array.isArray(r.roles)));
  // `combine` keeps the same Map until an answer changes, so tables need not re-render.
  return useQueries({
    queries: targets.map(([target, ids]) => {
      const list = [...ids].sort();
      return {
        queryKey: ["names", target, list.join(",")],
        queryFn: () => api<Page>(target, { query: { id__in: list.join(","), limit: 500 } }),
        staleTime: 5 * 60_000,
        retry: false,
      };
    }),
    combine: (results) => {
      const names: NameMap = new Map();
      for (const o of objects) names.set(objectKey(o.api_name), labelOf(o, lang));
      for (const p of extra.pipelines ?? []) {
        for (const s of (p.stages ?? []) as Stage[]) {
          const name = stageLabel(s, lang);
          names.set(stageKey(p.id, s.key), name);
          if (p.is_default || !names.has(stageKey("", s.key))) names.set(stageKey("", s.key), name);
        }
      }
      for (const r of extra.roles ?? []) names.set(roleKey(String(r.key)), String(r.name));
      results.forEach((r, i) => {
        const target = objects.find((o) => o.api_name === targets[i]?.[0]);
        for (const item of r.data?.items ?? []) names.set(item.id, recordTitle(target, item));
      });
      return names;
    },
  });
}

/** A stage's name in the reader's language. */
export function stageLabel(s: Stage, lang: string): string {
  return s.labels?.[lang.startsWith("zh") ? "zh-CN" : "en"] ?? s.name ?? s.key;
}

/** Options for a lookup picker: the target's records matching `q`. */
export async function searchLookup(target: ObjectMeta | undefined, targetName: string,
  q: string): Promise<{ value: string; label: string }[]> {
  const page = await api<Page<RecordData>>(targetName, { query: { q: q || undefined, limit: 20 } });
  return page.items.map((r) => ({ value: r.id, label: recordTitle(target, r) }));
}
