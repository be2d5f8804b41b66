// Exact money for pricing: amounts in whole sen (BigInt) and exact fractions for the figures the spec keeps
// unrounded, rounded half-up to whole sen exactly where the quotation spec rounds. Inputs are read from their decimal
// digits, never through binary floating point; integers rather than decimal objects keep a 1,000-position quotation
// within milliseconds.

export type Sen = bigint;
export type Amount = number | string;
// n / d with d > 0; not reduced (the denominators stay products of a few small factors).
export interface Fraction {
  n: bigint;
  d: bigint;
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i;
const powersOfTen: bigint[] = [1n];
const tenTo = (k: number): bigint => (powersOfTen[k] ??= 10n ** BigInt(k));

export function fraction(value: Amount): Fraction {
  const text = typeof value === 'number' ? String(value) : value.trim();
  const match = DECIMAL.exec(text);
  if (!match || (match[2] === '' && !match[3])) throw new RangeError(`not a decimal amount: ${text}`);
  const [, sign, whole, decimals = '', exponent = '0'] = match;
  const digits = BigInt(`${sign}${whole}${decimals}` || '0');
  const scale = decimals.length - Number(exponent);
  return scale >= 0 ? { n: digits, d: tenTo(scale) } : { n: digits * tenTo(-scale), d: 1n };
}

export const ZERO: Fraction = { n: 0n, d: 1n };
export const fromSen = (sen: Sen): Fraction => ({ n: sen, d: 100n });

// n / d to the nearest integer, halves away from zero (ROUND_HALF_UP of decimal arithmetic).
export function roundDiv(n: bigint, d: bigint): bigint {
  if (d < 0n) return roundDiv(-n, -d);
  return n >= 0n ? (2n * n + d) / (2n * d) : -((-2n * n + d) / (2n * d));
}

// Up to the next integer; d > 0.
export const ceilDiv = (n: bigint, d: bigint): bigint => (n > 0n ? (n + d - 1n) / d : n / d);

// Rupiah with 2 decimals (sen), half-up.
export const toSen = (value: Fraction): Sen => roundDiv(value.n * 100n, value.d);

export const times = (a: Fraction, b: Fraction): Fraction => ({ n: a.n * b.n, d: a.d * b.d });
export const dividedBy = (a: Fraction, k: bigint): Fraction => ({ n: a.n, d: a.d * k });
export const plus = (a: Fraction, b: Fraction): Fraction =>
  a.d === b.d ? { n: a.n + b.n, d: a.d } : { n: a.n * b.d + b.n * a.d, d: a.d * b.d };
export const percentOf = (base: Fraction, percent: Fraction): Fraction => ({
  n: base.n * percent.n,
  d: base.d * percent.d * 100n,
});
const lessThan = (a: Fraction, b: Fraction): boolean => a.n * b.d < b.n * a.d;
export const min = (a: Fraction, b: Fraction): Fraction => (lessThan(b, a) ? b : a);
export const max = (a: Fraction, b: Fraction): Fraction => (lessThan(a, b) ? b : a);

// Sen as the rupiah Number of JSON: the nearest double to the exact amount, as parsing its decimal text gives.
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);
export function senToNumber(sen: Sen): number {
  if (sen <= SAFE && sen >= -SAFE) return Number(sen) / 100;
  const digits = (sen < 0n ? -sen : sen).toString().padStart(3, '0');
  return Number(`${sen < 0n ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`);
}
