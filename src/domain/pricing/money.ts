// Exact money for pricing: decimal arithmetic (never binary floating point), rounded half-up to whole sen
// exactly where the quotation spec rounds.
import Decimal from 'decimal.js';

export const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type Dec = InstanceType<typeof D>;
export type Amount = Dec | number | string;

export const dec = (value: Amount): Dec => new D(value);
export const ZERO = dec(0);

// Rupiah with 2 decimals (sen), half-up.
export const round2 = (value: Dec): Dec => value.toDecimalPlaces(2, D.ROUND_HALF_UP);

export const sum = (values: Dec[]): Dec => values.reduce((a, b) => a.plus(b), ZERO);

export const percentOf = (base: Dec, percent: Amount): Dec => base.times(percent).dividedBy(100);

// Numbers for JSON: amounts are far below 2^53 sen, so a 2-decimal Number is exact to the sen.
export const toNumber = (value: Dec): number => value.toNumber();
