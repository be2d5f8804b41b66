// The quotation pricing engine (domain/quotation.md §2–§3): from a quotation's inputs and the master data they
// reference, every per-person figure of every position in both views — HPP (what the company pays, with
// hc_hpp) and COSS (what the customer sees, with hc) — and the quotation totals. Pure and exact.
import { D, ZERO, dec, percentOf, round2, sum, toNumber, type Amount, type Dec } from './money';

export type RiskClass = 'very_low' | 'low' | 'medium' | 'high' | 'very_high';
export type ProvisionMode = 'none' | 'provisioned' | 'manual'; // THR, kompensasi
export type ManualField = 'kaporlap' | 'devices' | 'chemicals' | 'ohc' | 'bpjsKes' | 'bankInterest' | 'incentive';
export const MANUAL_FIELDS: ManualField[] = [
  'kaporlap',
  'devices',
  'chemicals',
  'ohc',
  'bpjsKes',
  'bankInterest',
  'incentive',
];
// Set by the second pass from the first (§2.6): an analyst's amount replaces it there only.
const GROSS_UP_FIELDS: ManualField[] = ['bankInterest', 'incentive'];
// Hours in a month of an hourly-paid worker: 40 hours a week × 52 weeks / 12, the divisor of Kepmenakertrans
// 102/2004 for the hourly wage.
export const HOURS_PER_MONTH = 173;
export type FlatMode = 'none' | 'flat' | 'billed_separately'; // holiday allowance, overtime
export type Guarantor = 'bpjs' | 'bpu' | 'private';
export type TaxBasis = 'management_fee' | 'total_invoice' | 'grand_total';
// Management-fee bases by their reference ids (quotation.md §3).
export type FeeBase = 1 | 4 | 5 | 6 | 7 | 8;
export type BpjsProgram = 'jkk' | 'jkm' | 'jht' | 'jp';

export interface ItemLine {
  price: Amount;
  quantity: Amount;
  usefulLifeMonths?: number | null; // chemicals
}

export interface SiteInput {
  id: number | string;
  ump: Amount;
  umk: Amount | null; // null: the city has no UMK, the province's UMP applies
  devices: ItemLine[];
  applications: ItemLine[]; // step 6, costed like devices
  chemicals: ItemLine[];
  ohc: ItemLine[];
}

export interface PositionInput {
  id: number | string;
  siteId: number | string;
  hc: number;
  hcHpp?: number;
  // A custom amount is monthly unless `per` says day (× working days) or hour (× HOURS_PER_MONTH).
  wage: {
    basis: 'umk' | 'ump' | 'custom';
    amount?: Amount | null;
    per?: 'month' | 'day' | 'hour' | null;
    dailyWage?: Amount | null;
  };
  // `fixed`: a tunjangan tetap, paid whatever the attendance: part of the statutory wage (upah).
  allowances: Array<{ amount: Amount; amountHpp?: Amount | null; fixed?: boolean }>;
  // `amountHpp`: the HPP view's own amount where the business keeps two (manual / flat modes).
  thr: { mode: ProvisionMode; amount?: Amount | null; amountHpp?: Amount | null };
  compensation: { mode: ProvisionMode; amount?: Amount | null; amountHpp?: Amount | null };
  holidayAllowance: { mode: FlatMode; amount?: Amount | null; amountHpp?: Amount | null };
  overtime: { mode: FlatMode; amount?: Amount | null; amountHpp?: Amount | null };
  socialSecurity: {
    guarantor: Guarantor;
    enabled: boolean;
    riskClass: RiskClass;
    privateNominal?: Amount | null;
    optOut?: Partial<Record<BpjsProgram, boolean>>;
    rates?: Partial<Record<BpjsProgram | 'kes', Amount>>; // percent, overriding the statutory rate
  };
  kaporlap: ItemLine[];
  // A per-person amount entered by hand replaces the computed one, in both views.
  manual?: Partial<Record<ManualField, Amount | null>>;
}

export interface StatutoryRates {
  jkk: Record<RiskClass, Amount>; // percent
  jkm: Amount;
  jht: Amount;
  jp: Amount;
  kes: Amount;
  jpWageCap: Amount | null;
  kesWageCap: Amount | null;
  ppn: Amount; // percent
  dppNumerator: number; // DPP = numerator/denominator × base (PMK 131/2024: 11/12)
  dppDenominator: number;
  pph23: Amount; // percent
  bpuDeduction: Amount; // rupiah per person per month
}

// Which wage the statutory on-costs are computed on (docs/pricing-policies.md):
// - 'minimum-wage' (the system in use, kept to the sen): BPJS Ketenagakerjaan on the basic wage floored at the UMP,
//   BPJS Kesehatan on the regional minimum wage, THR and compensation on the basic wage;
// - 'statutory': all of them on the upah (basic wage + fixed allowances) floored at the regional minimum wage
//   (UMK, else UMP), BPJS Kesehatan capped at its wage cap and JP at the year's cap.
export type PricingPolicy = 'minimum-wage' | 'statutory';
export const PRICING_POLICIES: PricingPolicy[] = ['minimum-wage', 'statutory'];

export interface PricingInput {
  pricingPolicy?: PricingPolicy; // 'minimum-wage' when absent
  contractKind: string;
  durationMonths: number | null; // contract duration when given in months ("N bulan"); otherwise null
  workingDaysPerMonth: number; // daily-paid (PKHL) wage → monthly
  nonTop: boolean;
  managementFee: { base: FeeBase; percent: Amount };
  ppn: boolean;
  taxBasis: TaxBasis;
  bankInterestPercent: Amount;
  incentivePercent: Amount;
  rates: StatutoryRates;
  sites: SiteInput[];
  positions: PositionInput[];
}

export interface PersonFigures {
  wage: Dec;
  allowances: Dec;
  thr: Dec;
  compensation: Dec;
  holidayAllowance: Dec;
  overtime: Dec;
  jkk: Dec;
  jkm: Dec;
  jht: Dec;
  jp: Dec;
  bpjsTk: Dec;
  bpjsKes: Dec;
  bpuDeduction: Dec;
  kaporlap: Dec;
  devices: Dec;
  chemicals: Dec;
  ohc: Dec;
  bankInterest: Dec;
  incentive: Dec;
  baseManpower: Dec;
  totalPerPerson: Dec;
  headcount: number;
  subtotal: Dec;
}

export interface ViewTotals {
  totalBeforeFee: Dec;
  basicWages: Dec; // upah pokok
  totalBpjsTk: Dec;
  totalBpjsKes: Dec;
  baseManpower: Dec;
  managementFee: Dec;
  grandTotal: Dec;
  dpp: Dec;
  ppn: Dec;
  pph23: Dec;
  totalInvoice: Dec;
  roundedInvoice: Dec;
  margin: Dec;
  grossProfitMarginPercent: Dec;
  headcount: number;
}

export interface PositionResult {
  id: number | string;
  siteId: number | string;
  hpp: PersonFigures;
  coss: PersonFigures;
}

export interface PricingResult {
  provisionMonths: number;
  bankInterestPerPerson: Dec;
  incentivePerPerson: Dec;
  positions: PositionResult[];
  hpp: ViewTotals;
  coss: ViewTotals;
}

type View = 'hpp' | 'coss';

export class PricingError extends Error {}

// §2.1: months over which one-off costs are spread.
export function provisionMonths(durationMonths: number | null): number {
  return durationMonths && durationMonths > 0 ? durationMonths : 12;
}

export function monthlyWage(input: PricingInput, position: PositionInput, site: SiteInput): Dec {
  if (input.contractKind === 'PKHL') {
    if (position.wage.dailyWage === undefined || position.wage.dailyWage === null)
      throw new PricingError(`position ${position.id}: a daily-paid contract needs a daily wage`);
    return round2(dec(position.wage.dailyWage).times(input.workingDaysPerMonth));
  }
  if (position.wage.basis === 'custom') {
    if (position.wage.amount === undefined || position.wage.amount === null)
      throw new PricingError(`position ${position.id}: a custom wage needs an amount`);
    const per = position.wage.per ?? 'month';
    const times = per === 'day' ? input.workingDaysPerMonth : per === 'hour' ? HOURS_PER_MONTH : 1;
    return round2(dec(position.wage.amount).times(times));
  }
  if (position.wage.basis === 'umk' && site.umk !== null) return round2(dec(site.umk));
  return round2(dec(site.ump));
}

const provision = (mode: ProvisionMode, amount: Amount | null | undefined, wage: Dec) =>
  mode === 'provisioned' ? round2(wage.dividedBy(12)) : mode === 'manual' ? round2(dec(amount ?? 0)) : ZERO;
// Billed separately ("ditagihkan terpisah") is invoiced outside the monthly price.
const flat = (mode: FlatMode, amount: Amount | null | undefined) => (mode === 'flat' ? round2(dec(amount ?? 0)) : ZERO);
const cost = (items: ItemLine[]) => sum(items.map((i) => dec(i.price).times(i.quantity)));
const capped = (base: Dec, cap: Amount | null) => (cap === null ? base : D.min(base, dec(cap)));

// The upah of the statutory policy: the basic wage and the fixed allowances the worker is paid (the HPP amount where
// the views differ); under 'minimum-wage' the basic wage alone.
function statutoryWage(input: PricingInput, position: PositionInput, wage: Dec): Dec {
  if (input.pricingPolicy !== 'statutory') return wage;
  const fixed = position.allowances.filter((a) => a.fixed);
  return round2(wage.plus(sum(fixed.map((a) => dec(a.amountHpp ?? a.amount)))));
}

function socialSecurity(input: PricingInput, position: PositionInput, site: SiteInput, wage: Dec) {
  const ss = position.socialSecurity;
  const rates = input.rates;
  const zero = { jkk: ZERO, jkm: ZERO, jht: ZERO, jp: ZERO, kes: ZERO, bpu: ZERO };
  if (ss.guarantor === 'bpu') return { ...zero, bpu: round2(dec(rates.bpuDeduction)) };
  const privateKes = ss.guarantor === 'private' ? round2(dec(ss.privateNominal ?? 0)) : ZERO;
  if (!ss.enabled) return { ...zero, kes: privateKes };
  const regionalMinimum = dec(site.umk ?? site.ump);
  const statutoryPolicy = input.pricingPolicy === 'statutory';
  const baseTk = D.max(wage, statutoryPolicy ? regionalMinimum : dec(site.ump));
  const rate = (program: BpjsProgram | 'kes', statutory: Amount) => dec(ss.rates?.[program] ?? statutory);
  const component = (program: BpjsProgram, base: Dec, statutory: Amount) =>
    ss.optOut?.[program] ? ZERO : round2(percentOf(base, rate(program, statutory)));
  const baseKes = capped(statutoryPolicy ? baseTk : regionalMinimum, rates.kesWageCap);
  return {
    jkk: component('jkk', baseTk, rates.jkk[ss.riskClass]),
    jkm: component('jkm', baseTk, rates.jkm),
    jht: component('jht', baseTk, rates.jht),
    jp: component('jp', capped(baseTk, rates.jpWageCap), rates.jp),
    // Health cannot be opted out when BPJS is the guarantor; a private insurer's nominal replaces it.
    kes: ss.guarantor === 'private' ? privateKes : round2(percentOf(baseKes, rate('kes', rates.kes))),
    bpu: ZERO,
  };
}

function headcountOf(position: PositionInput, view: View): number {
  return view === 'hpp' ? (position.hcHpp ?? position.hc) : position.hc;
}

// The first pass of §2.6: every figure but the bank interest and incentive, which are percentages of its result.
function pass(input: PricingInput) {
  const provisi = provisionMonths(input.durationMonths);
  const sites = new Map(input.sites.map((s) => [s.id, s]));
  const headcounts = { hpp: new Map<number | string, number>(), coss: new Map<number | string, number>() };
  for (const p of input.positions)
    for (const view of ['hpp', 'coss'] as const)
      headcounts[view].set(p.siteId, (headcounts[view].get(p.siteId) ?? 0) + headcountOf(p, view));
  const siteHeadcount = (siteId: number | string, view: View) => Math.max(1, headcounts[view].get(siteId) ?? 0);

  // Monthly cost of each site's shared items, before dividing by its headcount.
  const siteCosts = new Map(
    input.sites.map((s) => [
      s.id,
      {
        devices: cost([...s.devices, ...s.applications]).dividedBy(provisi),
        chemicals: sum(
          s.chemicals.map((c) =>
            dec(c.price)
              .times(c.quantity)
              .dividedBy(Math.max(1, c.usefulLifeMonths ?? 1)),
          ),
        ),
        ohc: cost(s.ohc).dividedBy(provisi),
      },
    ]),
  );

  const positions: PositionResult[] = input.positions.map((position) => {
    const site = sites.get(position.siteId);
    if (!site) throw new PricingError(`position ${position.id}: site ${position.siteId} is not in the quotation`);
    const wage = monthlyWage(input, position, site);
    const upah = statutoryWage(input, position, wage);
    const ss = socialSecurity(input, position, site, upah);
    const bpjsTk = ss.jkk.plus(ss.jkm).plus(ss.jht).plus(ss.jp);
    const manual = (key: ManualField, computed: () => Dec) => {
      const value = position.manual?.[key];
      return value === undefined || value === null ? round2(computed()) : round2(dec(value));
    };
    const kaporlap = manual('kaporlap', () => cost(position.kaporlap).dividedBy(provisi));

    const figures = (view: View): PersonFigures => {
      const hcSite = siteHeadcount(site.id, view);
      const own = (entry: { amount?: Amount | null; amountHpp?: Amount | null }) =>
        view === 'hpp' && entry.amountHpp !== undefined && entry.amountHpp !== null ? entry.amountHpp : entry.amount;
      const thr = provision(position.thr.mode, own(position.thr), upah);
      const compensation = provision(position.compensation.mode, own(position.compensation), upah);
      const holidayAllowance = flat(position.holidayAllowance.mode, own(position.holidayAllowance));
      const overtime = flat(position.overtime.mode, own(position.overtime));
      const bpjsKes = manual('bpjsKes', () => ss.kes);
      const allowances = round2(
        sum(
          position.allowances.map((a) =>
            dec(view === 'hpp' && a.amountHpp !== undefined && a.amountHpp !== null ? a.amountHpp : a.amount),
          ),
        ),
      );
      const shares = siteCosts.get(site.id)!;
      const devices = manual('devices', () => shares.devices.dividedBy(hcSite));
      const chemicals = manual('chemicals', () => shares.chemicals.dividedBy(hcSite));
      const ohc = manual('ohc', () => shares.ohc.dividedBy(hcSite));
      const baseManpower = wage.plus(allowances);
      const shared = sum([
        thr,
        compensation,
        holidayAllowance,
        overtime,
        bpjsTk,
        bpjsKes,
        kaporlap,
        devices,
        chemicals,
        ohc,
        ss.bpu,
      ]);
      const totalPerPerson = baseManpower.plus(shared);
      const headcount = headcountOf(position, view);
      return {
        wage,
        allowances,
        thr,
        compensation,
        holidayAllowance,
        overtime,
        jkk: ss.jkk,
        jkm: ss.jkm,
        jht: ss.jht,
        jp: ss.jp,
        bpjsTk,
        bpjsKes,
        bpuDeduction: ss.bpu,
        kaporlap,
        devices,
        chemicals,
        ohc,
        bankInterest: ZERO,
        incentive: ZERO,
        baseManpower,
        totalPerPerson,
        headcount,
        subtotal: totalPerPerson.times(headcount),
      };
    };
    return { id: position.id, siteId: position.siteId, hpp: figures('hpp'), coss: figures('coss') };
  });

  return { provisi, positions, hpp: totals(input, positions, 'hpp'), coss: totals(input, positions, 'coss') };
}

function totals(input: PricingInput, positions: PositionResult[], view: View): ViewTotals {
  const of = (pick: (f: PersonFigures) => Dec) => sum(positions.map((p) => pick(p[view]).times(p[view].headcount)));
  const totalBeforeFee = sum(positions.map((p) => p[view].subtotal));
  const basicWages = of((f) => f.wage);
  const totalBpjsTk = of((f) => f.bpjsTk);
  const totalBpjsKes = of((f) => f.bpjsKes);
  const baseManpower = of((f) => f.baseManpower);
  const feeBase: Record<FeeBase, Dec> = {
    1: baseManpower,
    4: totalBeforeFee,
    5: basicWages,
    6: basicWages.plus(totalBpjsTk),
    7: basicWages.plus(totalBpjsTk).plus(totalBpjsKes),
    8: basicWages.plus(totalBpjsKes),
  };
  const base = feeBase[input.managementFee.base];
  if (!base) throw new PricingError(`unknown management-fee base ${input.managementFee.base}`);
  const managementFee = round2(percentOf(base, input.managementFee.percent));
  const grandTotal = totalBeforeFee.plus(managementFee);
  const taxed = input.taxBasis === 'management_fee' ? managementFee : grandTotal;
  const dpp = taxed.times(input.rates.dppNumerator).dividedBy(input.rates.dppDenominator);
  const ppn = input.ppn ? round2(percentOf(dpp, input.rates.ppn)) : ZERO;
  // PPh 23 on labour supply (PMK 141/PMK.03/2015 Pasal 1(3); docs/pph23.md): the base is the service fee when the
  // invoice states the workers' pay apart from it, as a quotation priced on the fee or on the total invoice does;
  // the whole amount excluding PPN when it does not (basis "grand_total"). Never 0: the system in use withheld
  // nothing on "total_invoice", which the statute does not allow.
  const withheldOn = input.taxBasis === 'grand_total' ? grandTotal : managementFee;
  // Withheld by the customer: negative, and never more than 10 % of DPP.
  const pph23 = round2(D.min(percentOf(withheldOn, input.rates.pph23), dpp.times(0.1))).negated();
  const totalInvoice = grandTotal.plus(ppn).plus(pph23);
  const margin = grandTotal.minus(totalBeforeFee);
  return {
    totalBeforeFee,
    basicWages,
    totalBpjsTk,
    totalBpjsKes,
    baseManpower,
    managementFee,
    grandTotal,
    dpp: round2(dpp),
    ppn,
    pph23: pph23.isZero() ? ZERO : pph23,
    totalInvoice,
    roundedInvoice: totalInvoice.dividedBy(1000).ceil().times(1000),
    margin,
    grossProfitMarginPercent: grandTotal.isZero() ? ZERO : round2(margin.dividedBy(grandTotal).times(100)),
    headcount: positions.reduce((n, p) => n + p[view].headcount, 0),
  };
}

// §2.6: price once without bank interest and incentive, derive both per person from that pass, price again.
export function priceQuotation(input: PricingInput): PricingResult {
  const first = pass(input);
  const headcount = Math.max(1, first.hpp.headcount);
  const bankInterest = input.nonTop
    ? ZERO
    : round2(percentOf(first.hpp.totalBeforeFee, input.bankInterestPercent).dividedBy(headcount));
  const incentive = round2(percentOf(first.hpp.managementFee, input.incentivePercent).dividedBy(headcount));
  const overridden = input.positions.some((p) => GROSS_UP_FIELDS.some((f) => p.manual?.[f] != null));
  const positions =
    bankInterest.isZero() && incentive.isZero() && !overridden
      ? first.positions
      : first.positions.map((p, i) => ({ ...p, hpp: grossedUp(input.positions[i], p.hpp, bankInterest, incentive) }));
  return {
    provisionMonths: first.provisi,
    bankInterestPerPerson: bankInterest,
    incentivePerPerson: incentive,
    positions,
    hpp: positions === first.positions ? first.hpp : totals(input, positions, 'hpp'),
    // The COSS view shows neither figure (§2.5), so the second pass leaves it as the first priced it.
    coss: first.coss,
  };
}

// The second pass of §2.6 for one position's HPP figures: its bank interest and incentive (an analyst's amount where
// given) added to what the first pass priced without them; nothing else depends on them.
function grossedUp(position: PositionInput, figures: PersonFigures, bankInterest: Dec, incentive: Dec): PersonFigures {
  const amount = (key: ManualField, computed: Dec) => {
    const value = position.manual?.[key];
    return value === undefined || value === null ? computed : round2(dec(value));
  };
  const positionBankInterest = amount('bankInterest', bankInterest);
  const positionIncentive = amount('incentive', incentive);
  const totalPerPerson = figures.totalPerPerson.plus(positionBankInterest).plus(positionIncentive);
  return {
    ...figures,
    bankInterest: positionBankInterest,
    incentive: positionIncentive,
    totalPerPerson,
    subtotal: totalPerPerson.times(figures.headcount),
  };
}

// The result with plain numbers, for JSON and documents.
export function pricingToJson(result: PricingResult) {
  const plain = (value: unknown): unknown => {
    if (D.isDecimal(value)) return toNumber(value);
    if (Array.isArray(value)) return value.map(plain);
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
    return value;
  };
  return plain(result);
}
