// Turns a quotation's saved steps, plus the regional wages and statutory rates in force, into the pricing
// engine's input. Pure: the caller loads wages and rates for the quotation's date.
import type { PositionInput, PricingInput, PricingPolicy, SiteInput, StatutoryRates } from '../pricing/engine';
import { durationInMonths, type QuotationSteps, type SiteItem } from './steps';

export interface RegionalWage {
  ump: number;
  umk: number | null;
}

export class NotPriceable extends Error {}

// What a quotation that does not say otherwise is priced with (the deployment's settings).
export interface PricingDefaults {
  workingDaysPerMonth: number;
  pricingPolicy: PricingPolicy;
}

// Social security when step 5 is not saved yet: BPJS, all programmes, lowest-but-one risk class.
const DEFAULT_SOCIAL_SECURITY: PositionInput['socialSecurity'] = { guarantor: 'bpjs', enabled: true, riskClass: 'low' };

export function pricingInputFromSteps(
  steps: QuotationSteps,
  wages: Map<string, RegionalWage>,
  rates: StatutoryRates,
  defaults: PricingDefaults,
): PricingInput {
  const layout = steps[3];
  const basis = steps[4];
  if (!layout || !basis)
    throw new NotPriceable('steps 3 (positions) and 4 (wages) must be saved before the quotation can be priced');
  const itemsOf = (list: SiteItem[] | undefined, siteKey: string) =>
    (list ?? [])
      .filter((i) => i.siteKey === siteKey)
      .map((i) => ({ price: i.price, quantity: i.quantity, usefulLifeMonths: i.usefulLifeMonths ?? null }));

  const sites: SiteInput[] = layout.sites.map((site) => {
    const wage = wages.get(site.cityCode);
    if (!wage) throw new NotPriceable(`no minimum wage is in force for ${site.name} (city ${site.cityCode})`);
    return {
      id: site.key,
      ump: wage.ump,
      umk: wage.umk,
      applications: itemsOf(steps[6]?.applications, site.key),
      devices: itemsOf(steps[8]?.devices, site.key),
      chemicals: itemsOf(steps[9]?.chemicals, site.key),
      ohc: itemsOf(steps[10]?.ohc, site.key),
    };
  });

  const positions: PositionInput[] = layout.positions.map((p) => {
    const pay = basis.positions.find((w) => w.key === p.key);
    if (!pay) throw new NotPriceable(`position ${p.key} has no wage in step 4`);
    const ss = steps[5]?.positions.find((s) => s.key === p.key);
    return {
      id: p.key,
      siteId: p.siteKey,
      hc: p.hc,
      hcHpp: p.hcHpp ?? p.hc,
      wage: pay.wage,
      allowances: p.allowances,
      thr: pay.thr,
      compensation: pay.compensation,
      holidayAllowance: pay.holidayAllowance,
      overtime: pay.overtime,
      socialSecurity: ss
        ? {
            guarantor: ss.guarantor,
            enabled: ss.enabled,
            riskClass: ss.riskClass,
            privateNominal: ss.privateNominal,
            optOut: ss.optOut,
            rates: ss.rates,
          }
        : DEFAULT_SOCIAL_SECURITY,
      kaporlap: (steps[7]?.kaporlap ?? [])
        .filter((k) => k.positionKey === p.key)
        .map((k) => ({ price: k.price, quantity: k.quantity })),
      manual: pay.overrides ?? undefined,
    };
  });

  return {
    contractKind: steps.contractKind ?? 'PKWT',
    durationMonths: durationInMonths(steps[2]),
    pricingPolicy: basis.pricingPolicy ?? defaults.pricingPolicy,
    workingDaysPerMonth: basis.workingDaysPerMonth ?? defaults.workingDaysPerMonth,
    nonTop: steps[2]?.top.kind === 'non_top',
    managementFee: basis.managementFee,
    ppn: basis.ppn,
    taxBasis: basis.taxBasis,
    bankInterestPercent: basis.bankInterestPercent,
    incentivePercent: basis.incentivePercent,
    rates,
    sites,
    positions,
  };
}

// Statutory rates as stored (code → value) mapped onto the engine's shape; a missing code is an error.
export function statutoryRatesFrom(values: Map<string, number>, bpuDeduction: number): StatutoryRates {
  const get = (code: string) => {
    const value = values.get(code);
    if (value === undefined) throw new NotPriceable(`statutory rate ${code} is not in force`);
    return value;
  };
  return {
    jkk: {
      very_low: get('bpjs_jkk_very_low'),
      low: get('bpjs_jkk_low'),
      medium: get('bpjs_jkk_medium'),
      high: get('bpjs_jkk_high'),
      very_high: get('bpjs_jkk_very_high'),
    },
    jkm: get('bpjs_jkm'),
    jht: get('bpjs_jht_employer'),
    jp: get('bpjs_jp_employer'),
    kes: get('bpjs_kesehatan_employer'),
    jpWageCap: values.get('bpjs_jp_wage_cap') ?? null,
    kesWageCap: values.get('bpjs_kesehatan_wage_cap') ?? null,
    ppn: get('ppn'),
    dppNumerator: 11,
    dppDenominator: 12,
    pph23: get('pph23'),
    bpuDeduction,
  };
}
