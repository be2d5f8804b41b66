// Prices a quotation from what is stored: its saved steps, the wages of its sites' cities and the statutory
// rates in force on its start date (today until step 2 is saved).
import type { Knex } from 'knex';
import { jakartaDate } from '../domain/jakarta-time';
import { priceQuotation, pricingToJson, PricingError } from '../domain/pricing/engine';
import {
  NotPriceable,
  pricingInputFromSteps,
  statutoryRatesFrom,
  type PricingDefaults,
  type RegionalWage,
} from '../domain/quotation/pricing-input';
import type { QuotationSteps } from '../domain/quotation/steps';
import { inForce } from './effective-dated';
import { regionalWages } from './minimum-wages';

// A BPU-guaranteed worker carries a fixed deduction per month (quotation.md §2.3).
export const BPU_DEDUCTION = 16800;

// `contractKind`: the quotation's, when the caller has its row already (one round trip fewer).
export async function loadSteps(
  db: Knex | Knex.Transaction,
  quotationId: number,
  contractKind?: string | null,
): Promise<QuotationSteps> {
  const kind =
    contractKind !== undefined
      ? contractKind
      : ((await db('quotations').where({ id: quotationId }).first('contract_kind'))?.contract_kind ?? null);
  const rows: Array<{ step: number; data: unknown }> = await db('quotation_steps')
    .where({ quotation_id: quotationId })
    .select('step', 'data');
  return Object.fromEntries([['contractKind', kind], ...rows.map((r) => [r.step, r.data])]) as QuotationSteps;
}

// `pricingPolicy` and `workingDaysPerMonth`: what the quotation was priced under (absent in calculations stored
// before they were kept).
export type Calculation =
  | { priced: true; asOf: string; pricingPolicy?: string; workingDaysPerMonth?: number; result: unknown }
  | { priced: false; asOf: string; reason: string };

export type QuotationTotals = ReturnType<typeof totalsOf>;

// What a version diff compares of two prices: the policy they were priced under (issue 15) and the totals.
export function totalsOf(
  calculation: { priced: boolean; result?: any; reason?: string; pricingPolicy?: string } | null,
) {
  if (!calculation) return null;
  if (!calculation.priced) return { priced: false, reason: calculation.reason };
  return {
    priced: true,
    pricingPolicy: calculation.pricingPolicy ?? 'minimum-wage',
    hpp: calculation.result.hpp,
    coss: calculation.result.coss,
  };
}

export async function calculate(
  db: Knex | Knex.Transaction,
  steps: QuotationSteps,
  defaults: PricingDefaults,
): Promise<Calculation> {
  const asOf = steps[2]?.startDate ?? jakartaDate(new Date());
  try {
    const wages: Map<string, RegionalWage> = await regionalWages(
      db,
      (steps[3]?.sites ?? []).map((site) => site.cityCode),
      asOf,
    );
    const rows: Array<{ code: string; value: number }> = await inForce(
      db('statutory_rates'),
      'statutory_rates',
      asOf,
    ).select('code', 'value');
    const rates = statutoryRatesFrom(new Map(rows.map((r) => [r.code, Number(r.value)])), BPU_DEDUCTION);
    const input = pricingInputFromSteps(steps, wages, rates, defaults);
    return {
      priced: true,
      asOf,
      pricingPolicy: input.pricingPolicy,
      workingDaysPerMonth: input.workingDaysPerMonth,
      result: pricingToJson(priceQuotation(input)),
    };
  } catch (error) {
    if (error instanceof NotPriceable || error instanceof PricingError)
      return { priced: false, asOf, reason: error.message };
    throw error;
  }
}
