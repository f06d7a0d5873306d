// The currency block every analytics answer with money carries: the amounts are in
// `code` (the company's currency); currencies in `unconverted` have no exchange rate,
// so their amounts are left out of the money figures (counts still include them).

export interface CurrencyBlock {
  code: string;
  rates?: Record<string, string>;
  unconverted: string[];
}

/** The company's currency when an answer says nothing (older server, no data). */
export const DEFAULT_CURRENCY = "CNY";

function isBlock(v: unknown): v is CurrencyBlock {
  return !!v && typeof v === "object" && typeof (v as CurrencyBlock).code === "string";
}

/** The currency block of any answer (undefined when it has none). */
export function currencyOf(answer: unknown): CurrencyBlock | undefined {
  const block = answer && typeof answer === "object" ? (answer as { currency?: unknown }).currency : undefined;
  return isBlock(block) ? block : undefined;
}

/** The blocks of the figures one page shows, as one: the first code, and every
 * currency left out of any of them, named once, in order. */
export function mergeCurrency(blocks: (CurrencyBlock | null | undefined)[]): CurrencyBlock | undefined {
  const present = blocks.filter(isBlock);
  if (!present.length) return undefined;
  const unconverted = [...new Set(present.flatMap((b) => b.unconverted ?? []))].sort();
  return { code: present[0].code, rates: Object.assign({}, ...present.map((b) => b.rates ?? {})), unconverted };
}
