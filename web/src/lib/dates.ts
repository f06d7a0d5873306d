// Dates: the API sends ISO 8601 datetimes with offset and YYYY-MM-DD dates.
import dayjs from "dayjs";

/** "2026-11-27T08:00:00+00:00" → local "2026-11-27 16:00" (zh) / "Nov 27, 2026 16:00" (en). */
export function formatDateTime(iso: string | null | undefined, lang: string): string {
  if (!iso) return "";
  const d = dayjs(iso);
  if (!d.isValid()) return iso;
  return d.format(lang.startsWith("zh") ? "YYYY-MM-DD HH:mm" : "MMM D, YYYY HH:mm");
}

/** A calendar date stays the same day in every timezone: never parse it as UTC midnight. */
export function formatDate(value: string | null | undefined, lang: string): string {
  if (!value) return "";
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!m) return value;
  const d = dayjs(new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.format(lang.startsWith("zh") ? "YYYY-MM-DD" : "MMM D, YYYY");
}

/** The local calendar date as YYYY-MM-DD (for date inputs and `paid_on`). */
export function isoDate(d: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Start and end of the local day containing `d`, as ISO datetimes with offset. */
export function dayBounds(d: Date = new Date()): { start: string; end: string } {
  const start = dayjs(d).startOf("day");
  return { start: start.format(), end: start.add(1, "day").format() };
}

/** Is a due datetime or date before now (dates: before today)? */
export function isOverdue(due: string | null | undefined, now: Date = new Date()): boolean {
  if (!due) return false;
  if (/^\d{4}-\d{2}-\d{2}$/.test(due)) return due < isoDate(now);
  return dayjs(due).isBefore(now);
}

/** "3 min ago" style relative time with i18n unit words supplied by the caller. */
export function relativeTime(iso: string, now: Date, words: (unit: string, n: number) => string
): string {
  const seconds = Math.round((now.getTime() - dayjs(iso).valueOf()) / 1000);
  const units: [string, number][] = [["day", 86400], ["hour", 3600], ["minute", 60]];
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return words(unit, Math.floor(Math.abs(seconds) / size));
  }
  return words("now", 0);
}
