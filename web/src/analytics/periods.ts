// Named periods the analytics API understands: a month ("2026-11") or a quarter
// ("2026-Q4"), turned into first/last days for the figures that take from/to.

export type PeriodKind = "month" | "quarter";

const pad = (n: number) => String(n).padStart(2, "0");

export function monthOf(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}`;
}

export function quarterOf(d: Date): string {
  return `${d.getFullYear()}-Q${Math.floor(d.getMonth() / 3) + 1}`;
}

/** "2026-11" → 2026-11-01…2026-11-30; "2026-Q4" → 2026-10-01…2026-12-31. */
export function periodBounds(period: string): { from: string; to: string } {
  const q = /^(\d{4})-Q([1-4])$/i.exec(period);
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  if (!q && !m) throw new Error(`not a period: ${period}`);
  const year = Number((q ?? m)![1]);
  const first = q ? (Number(q[2]) - 1) * 3 + 1 : Number(m![2]);
  const last = q ? first + 2 : first;
  // Day 0 of the next month is the last day of this one (UTC: no DST surprises).
  const lastDay = new Date(Date.UTC(year, last, 0)).getUTCDate();
  return { from: `${year}-${pad(first)}-01`, to: `${year}-${pad(last)}-${pad(lastDay)}` };
}

export function periodKind(period: string): PeriodKind {
  return /Q/i.test(period) ? "quarter" : "month";
}

/** The periods a picker offers: `back` before and `ahead` after today's, newest last. */
export function periodChoices(kind: PeriodKind, today = new Date(), back = 12, ahead = 3): string[] {
  const out: string[] = [];
  const step = kind === "month" ? 1 : 3;
  const base = kind === "month" ? today.getMonth() : Math.floor(today.getMonth() / 3) * 3;
  for (let i = -back; i <= ahead; i += 1) {
    const d = new Date(today.getFullYear(), base + i * step, 1);
    out.push(kind === "month" ? monthOf(d) : quarterOf(d));
  }
  return out;
}
