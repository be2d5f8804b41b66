// Prices a quotation from what is stored: its saved steps, the wages of its sites' cities and the statutory
// rates in force on its start date (today until step 2 is saved).
import type { Knex } from 'knex';
import { jakartaDate } from '../domain/jakarta-time';
import { priceQuotation, pricingToJson, PricingError } from '../domain/pricing/engine';
import {
  NotPriceable,
  pricingInputFromSteps,
  statutoryRatesFrom,
  type RegionalWage,
} from '../domain/quotation/pricing-input';
import type { QuotationSteps } from '../domain/quotation/steps';
import { inForce } from './effective-dated';
import { regionalWage } from './minimum-wages';

// A BPU-guaranteed worker carries a fixed deduction per month (quotation.md §2.3).
export const BPU_DEDUCTION = 16800;

export async function loadSteps(db: Knex | Knex.Transaction, quotationId: number): Promise<QuotationSteps> {
  const quotation = await db('quotations').where({ id: quotationId }).first('contract_kind');
  const rows: Array<{ step: number; data: unknown }> = await db('quotation_steps')
    .where({ quotation_id: quotationId })
    .select('step', 'data');
  return Object.fromEntries([
    ['contractKind', quotation?.contract_kind ?? null],
    ...rows.map((r) => [r.step, r.data]),
  ]) as QuotationSteps;
}

export type Calculation =
  { priced: true; asOf: string; result: unknown } | { priced: false; asOf: string; reason: string };

export async function calculate(
  db: Knex | Knex.Transaction,
  steps: QuotationSteps,
  workingDaysPerMonth: number,
): Promise<Calculation> {
  const asOf = steps[2]?.startDate ?? jakartaDate(new Date());
  try {
    const wages = new Map<string, RegionalWage>();
    for (const site of steps[3]?.sites ?? []) {
      const wage = await regionalWage(db as Knex, site.cityCode, asOf);
      if (wage) wages.set(site.cityCode, wage);
    }
    const rows: Array<{ code: string; value: number }> = await inForce(
      db('statutory_rates'),
      'statutory_rates',
      asOf,
    ).select('code', 'value');
    const rates = statutoryRatesFrom(new Map(rows.map((r) => [r.code, Number(r.value)])), BPU_DEDUCTION);
    return {
      priced: true,
      asOf,
      result: pricingToJson(priceQuotation(pricingInputFromSteps(steps, wages, rates, workingDaysPerMonth))),
    };
  } catch (error) {
    if (error instanceof NotPriceable || error instanceof PricingError)
      return { priced: false, asOf, reason: error.message };
    throw error;
  }
}
