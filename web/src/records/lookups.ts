// Names for lookup ids: one batched `GET /<target>?id__in=…` per target object.
import { useQueries } from "@tanstack/react-query";
import { api } from "../api/client";
import type { Page, RecordData } from "../api/client";
import { recordTitle, useObjects } from "../api/meta";
import type { ObjectMeta } from "../api/meta";

export type NameMap = Map<string, string>;

/** id → display name for every lookup value found in `records`. */
export function useLookupNames(obj: ObjectMeta | undefined,
  records: Record<string, unknown>[]): NameMap {
  const { data: objects = [] } = useObjects();
  const idsByTarget = new Map<string, Set<string>>();
  for (const f of obj?.fields ?? []) {
    if (f.type !== "lookup" || !f.target) continue;
    for (const r of records) {
      const v = r[f.api_name];
      if (typeof v !== "string" || !v) continue;
      if (!idsByTarget.has(f.target)) idsByTarget.set(f.target, new Set());
      idsByTarget.get(f.target)!.add(v);
    }
  }
  const targets = [...idsByTarget.entries()].filter(([target]) =>
    objects.some((o) => o.api_name === target));
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
      results.forEach((r, i) => {
        const target = objects.find((o) => o.api_name === targets[i]?.[0]);
        for (const item of r.data?.items ?? []) names.set(item.id, recordTitle(target, item));
      });
      return names;
    },
  });
}

/** Options for a lookup picker: the target's records matching `q`. */
export async function searchLookup(target: ObjectMeta | undefined, targetName: string,
  q: string): Promise<{ value: string; label: string }[]> {
  const page = await api<Page<RecordData>>(targetName, { query: { q: q || undefined, limit: 20 } });
  return page.items.map((r) => ({ value: r.id, label: recordTitle(target, r) }));
}
