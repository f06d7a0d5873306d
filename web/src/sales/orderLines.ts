// Order lines and totals on decimal strings (see lib/money): what the editor shows
// live must equal what the server computes.
import { add, lineTotal } from "../lib/money";

export interface Line {
  key: string;
  product_id: string | null;
  product_name?: string;
  quantity: string | null;
  unit_price: string | null;
  discount: string | null; // percent off, "10" = 10 %
}

export function newLine(): Line {
  return { key: Math.random().toString(36).slice(2), product_id: null, quantity: "1",
    unit_price: null, discount: null };
}

export function lineAmount(l: Line): string {
  return lineTotal(l.quantity || "0", l.unit_price || "0", l.discount || "0");
}

export function orderTotal(lines: Line[]): string {
  return add(...lines.map(lineAmount));
}

/** The lines as the API takes them (blank lines dropped). */
export function linesForApi(lines: Line[]): Record<string, unknown>[] {
  return lines.filter((l) => l.product_id || l.unit_price).map((l) => ({
    product_id: l.product_id, quantity: l.quantity || "1", unit_price: l.unit_price || "0",
    discount: l.discount || "0",
  }));
}

export function linesFromApi(raw: unknown): Line[] {
  if (!Array.isArray(raw)) return [];
  return raw.map((r: Record<string, unknown>) => ({
    key: String(r.id ?? Math.random().toString(36).slice(2)),
    product_id: (r.product_id as string) ?? null,
    product_name: ((r.product_name ?? r.description) as string) ?? undefined,
    quantity: r.quantity == null ? null : String(r.quantity),
    unit_price: r.unit_price == null ? null : String(r.unit_price),
    discount: r.discount == null ? null : String(r.discount),
  }));
}
