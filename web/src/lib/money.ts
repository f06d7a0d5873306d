// Money arithmetic on decimal strings ("12500.00"), never through float: amounts are
// scaled BigInts. The API sends and accepts money as decimal strings with 2 places.

const SCALE = 6; // internal precision for products of quantity × price × rate
const TEN = 10n;

function pow10(n: number): bigint {
  return TEN ** BigInt(n);
}

/** Is `s` a plain decimal number (optional sign, digits, optional fraction)? */
export function isDecimal(s: unknown): s is string {
  return typeof s === "string" && /^-?\d+(\.\d+)?$/.test(s.trim());
}

/** Parse a decimal string (commas and spaces allowed) into units of 10^-SCALE. */
export function toScaled(value: string | number | null | undefined): bigint {
  if (value === null || value === undefined || value === "") return 0n;
  const s = String(value).replace(/[,\s]/g, "");
  if (!isDecimal(s)) throw new Error(`not a decimal: ${value}`);
  const negative = s.startsWith("-");
  const [whole, frac = ""] = s.replace("-", "").split(".");
  // Round half up at SCALE places.
  const padded = (frac + "0".repeat(SCALE + 1)).slice(0, SCALE + 1);
  let units = BigInt(whole) * pow10(SCALE) + BigInt(padded.slice(0, SCALE));
  if (Number(padded[SCALE]) >= 5) units += 1n;
  return negative ? -units : units;
}

function roundTo(units: bigint, places: number): bigint {
  const drop = pow10(SCALE - places);
  const half = drop / 2n;
  const q = (units < 0n ? -units : units) + half;
  const rounded = (q / drop) * drop;
  return units < 0n ? -rounded : rounded;
}

/** Render scaled units as a decimal string with `places` fraction digits. */
export function fromScaled(units: bigint, places = 2): string {
  const r = roundTo(units, places);
  const negative = r < 0n;
  const abs = negative ? -r : r;
  const whole = abs / pow10(SCALE);
  const frac = (abs % pow10(SCALE)).toString().padStart(SCALE, "0").slice(0, places);
  const text = places > 0 ? `${whole}.${frac}` : `${whole}`;
  return negative && /[1-9]/.test(text) ? `-${text}` : text;
}

export function add(...values: (string | null | undefined)[]): string {
  return fromScaled(values.reduce<bigint>((sum, v) => sum + toScaled(v), 0n));
}

export function subtract(a: string | null | undefined, b: string | null | undefined): string {
  return fromScaled(toScaled(a) - toScaled(b));
}

/** a × b, rounded half up to `places`. */
export function multiply(a: string | null | undefined, b: string | null | undefined,
  places = 2): string {
  return fromScaled((toScaled(a) * toScaled(b)) / pow10(SCALE), places);
}

export function compare(a: string | null | undefined, b: string | null | undefined): number {
  const d = toScaled(a) - toScaled(b);
  return d === 0n ? 0 : d < 0n ? -1 : 1;
}

/** n / d rounded half up (away from zero on ties), for BigInts. */
function divRound(n: bigint, d: bigint): bigint {
  const negative = (n < 0n) !== (d < 0n);
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  const q = (an * 2n + ad) / (ad * 2n);
  return negative ? -q : q;
}

/**
 * One order line: quantity × unit price × (1 − discount/100), the discount in percent
 * (10 = 10 % off), rounded half up to cents once, at the end — exactly as the server.
 */
export function lineTotal(quantity: string | null | undefined, unitPrice: string | null | undefined,
  discountPercent?: string | null): string {
  const keep = toScaled("100") - toScaled(discountPercent || "0"); // scale 6
  const product = toScaled(quantity) * toScaled(unitPrice) * keep; // scale 18, ×100
  const cents = divRound(product, 100n * pow10(3 * SCALE - 2)); // → cents
  return fromScaled(cents * pow10(SCALE - 2));
}

/** Group the integer part with commas: "1234567.50" → "1,234,567.50". */
export function groupDigits(decimal: string): string {
  const [whole, frac] = decimal.split(".");
  const sign = whole.startsWith("-") ? "-" : "";
  const digits = whole.replace("-", "").replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return sign + digits + (frac !== undefined ? `.${frac}` : "");
}

const SYMBOLS: Record<string, string> = { CNY: "¥", USD: "$", EUR: "€", GBP: "£", JPY: "¥",
  HKD: "HK$" };

/** "12500" + CNY → "¥12,500.00"; unknown currencies keep their code. */
export function formatMoney(value: string | null | undefined, currency = "CNY"): string {
  if (value === null || value === undefined || value === "") return "";
  if (!isDecimal(String(value).replace(/[,\s]/g, ""))) return String(value);
  const text = groupDigits(fromScaled(toScaled(value)));
  const symbol = SYMBOLS[currency];
  if (!symbol) return `${currency} ${text}`;
  return text.startsWith("-") ? `-${symbol}${text.slice(1)}` : `${symbol}${text}`;
}

/** Compact figure for chart labels and cards: "1.25M" / "125万". Display only. */
export function compactMoney(value: string | null | undefined, lang: string): string {
  const units = toScaled(value);
  const abs = units < 0n ? -units : units;
  const steps: [bigint, string][] = lang.startsWith("zh")
    ? [[pow10(8 + SCALE), "亿"], [pow10(4 + SCALE), "万"]]
    : [[pow10(9 + SCALE), "B"], [pow10(6 + SCALE), "M"], [pow10(3 + SCALE), "K"]];
  for (const [size, suffix] of steps) {
    if (abs >= size) {
      const scaled = fromScaled((units * pow10(SCALE)) / size, 2).replace(/\.?0+$/, "");
      return groupDigits(scaled) + suffix;
    }
  }
  return groupDigits(fromScaled(units, 2));
}
