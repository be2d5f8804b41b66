// The quotation pricing engine (domain/quotation.md §2–§3): from a quotation's inputs and the master data they
// reference, every per-person figure of every position in both views — HPP (what the company pays, with
// hc_hpp) and COSS (what the customer sees, with hc) — and the quotation totals. Pure and exact.
import {
  ceilDiv,
  dividedBy,
  fraction,
  fromSen,
  max,
  min,
  percentOf,
  plus,
  roundDiv,
  senToNumber,
  times,
  toSen,
  ZERO,
  type Amount,
  type Fraction,
  type Sen,
} from './money';

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

// Amounts in sen; `headcount` is people.
export interface PersonFigures {
  wage: Sen;
  allowances: Sen;
  thr: Sen;
  compensation: Sen;
  holidayAllowance: Sen;
  overtime: Sen;
  jkk: Sen;
  jkm: Sen;
  jht: Sen;
  jp: Sen;
  bpjsTk: Sen;
  bpjsKes: Sen;
  bpuDeduction: Sen;
  kaporlap: Sen;
  devices: Sen;
  chemicals: Sen;
  ohc: Sen;
  bankInterest: Sen;
  incentive: Sen;
  baseManpower: Sen;
  totalPerPerson: Sen;
  headcount: number;
  subtotal: Sen;
}

export interface ViewTotals {
  totalBeforeFee: Sen;
  basicWages: Sen; // upah pokok
  totalBpjsTk: Sen;
  totalBpjsKes: Sen;
  baseManpower: Sen;
  managementFee: Sen;
  grandTotal: Sen;
  dpp: Sen;
  ppn: Sen;
  pph23: Sen;
  totalInvoice: Sen;
  roundedInvoice: Sen;
  margin: Sen;
  grossProfitMarginPercent: Sen; // in hundredths of a percent, like sen of a rupiah
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
  bankInterestPerPerson: Sen;
  incentivePerPerson: Sen;
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

// Each distinct input amount read once per pricing (rates and prices repeat across positions).
function amountReader(): (value: Amount) => Fraction {
  const read = new Map<Amount, Fraction>();
  return (value) => {
    let parsed = read.get(value);
    if (!parsed) read.set(value, (parsed = fraction(value)));
    return parsed;
  };
}
type Read = ReturnType<typeof amountReader>;

function monthlyWage(input: PricingInput, position: PositionInput, site: SiteInput, read: Read): Sen {
  if (input.contractKind === 'PKHL') {
    if (position.wage.dailyWage === undefined || position.wage.dailyWage === null)
      throw new PricingError(`position ${position.id}: a daily-paid contract needs a daily wage`);
    return toSen(times(read(position.wage.dailyWage), read(input.workingDaysPerMonth)));
  }
  if (position.wage.basis === 'custom') {
    if (position.wage.amount === undefined || position.wage.amount === null)
      throw new PricingError(`position ${position.id}: a custom wage needs an amount`);
    const per = position.wage.per ?? 'month';
    const unit = per === 'day' ? input.workingDaysPerMonth : per === 'hour' ? HOURS_PER_MONTH : 1;
    return toSen(times(read(position.wage.amount), read(unit)));
  }
  if (position.wage.basis === 'umk' && site.umk !== null) return toSen(read(site.umk));
  return toSen(read(site.ump));
}

const senOrZero = (amount: Amount | null | undefined, read: Read): Sen => toSen(read(amount ?? 0));
const provision = (mode: ProvisionMode, amount: Amount | null | undefined, wage: Sen, read: Read): Sen =>
  mode === 'provisioned' ? roundDiv(wage, 12n) : mode === 'manual' ? senOrZero(amount, read) : 0n;
// Billed separately ("ditagihkan terpisah") is invoiced outside the monthly price.
const flat = (mode: FlatMode, amount: Amount | null | undefined, read: Read): Sen =>
  mode === 'flat' ? senOrZero(amount, read) : 0n;
const cost = (items: ItemLine[], read: Read): Fraction =>
  items.reduce((total, i) => plus(total, times(read(i.price), read(i.quantity))), ZERO);
const capped = (base: Fraction, cap: Amount | null, read: Read) => (cap === null ? base : min(base, read(cap)));

// The upah of the statutory policy: the basic wage and the fixed allowances the worker is paid (the HPP amount where
// the views differ); under 'minimum-wage' the basic wage alone.
function statutoryWage(input: PricingInput, position: PositionInput, wage: Sen, read: Read): Sen {
  if (input.pricingPolicy !== 'statutory') return wage;
  const fixed = position.allowances.filter((a) => a.fixed);
  return toSen(fixed.reduce((upah, a) => plus(upah, read(a.amountHpp ?? a.amount)), fromSen(wage)));
}

// A BPJS programme's rate for the position: its own where the analyst set one, otherwise the statutory rate.
const rateOf = (position: PositionInput, program: BpjsProgram | 'kes', statutory: Amount, read: Read) =>
  read(position.socialSecurity.rates?.[program] ?? statutory);
const contribution = (position: PositionInput, program: BpjsProgram, base: Fraction, statutory: Amount, read: Read) =>
  position.socialSecurity.optOut?.[program] ? 0n : toSen(percentOf(base, rateOf(position, program, statutory, read)));

function socialSecurity(input: PricingInput, position: PositionInput, site: SiteInput, wage: Sen, read: Read) {
  const ss = position.socialSecurity;
  const rates = input.rates;
  const zero = { jkk: 0n, jkm: 0n, jht: 0n, jp: 0n, kes: 0n, bpu: 0n };
  if (ss.guarantor === 'bpu') return { ...zero, bpu: toSen(read(rates.bpuDeduction)) };
  const privateKes = ss.guarantor === 'private' ? senOrZero(ss.privateNominal, read) : 0n;
  if (!ss.enabled) return { ...zero, kes: privateKes };
  const regionalMinimum = read(site.umk ?? site.ump);
  const statutoryPolicy = input.pricingPolicy === 'statutory';
  const baseTk = max(fromSen(wage), statutoryPolicy ? regionalMinimum : read(site.ump));
  const baseKes = capped(statutoryPolicy ? baseTk : regionalMinimum, rates.kesWageCap, read);
  return {
    jkk: contribution(position, 'jkk', baseTk, rates.jkk[ss.riskClass], read),
    jkm: contribution(position, 'jkm', baseTk, rates.jkm, read),
    jht: contribution(position, 'jht', baseTk, rates.jht, read),
    jp: contribution(position, 'jp', capped(baseTk, rates.jpWageCap, read), rates.jp, read),
    // Health cannot be opted out when BPJS is the guarantor; a private insurer's nominal replaces it.
    kes: ss.guarantor === 'private' ? privateKes : toSen(percentOf(baseKes, rateOf(position, 'kes', rates.kes, read))),
    bpu: 0n,
  };
}

function headcountOf(position: PositionInput, view: View): number {
  return view === 'hpp' ? (position.hcHpp ?? position.hc) : position.hc;
}

// The amount of a provision, flat payment or allowance in a view: the HPP view's own where the business keeps two.
function own(entry: { amount?: Amount | null; amountHpp?: Amount | null }, view: View) {
  return view === 'hpp' && entry.amountHpp !== undefined && entry.amountHpp !== null ? entry.amountHpp : entry.amount;
}

// A per-person figure: the analyst's amount where one was entered, otherwise the computed one; rounded to sen.
function manualOr(position: PositionInput, key: ManualField, computed: Fraction, read: Read): Sen {
  const value = position.manual?.[key];
  return toSen(value === undefined || value === null ? computed : read(value));
}

interface SiteCosts {
  devices: Fraction;
  chemicals: Fraction;
  ohc: Fraction;
}

// What one position's figures share across the two views.
interface PositionBasis {
  position: PositionInput;
  wage: Sen;
  upah: Sen;
  ss: ReturnType<typeof socialSecurity>;
  bpjsTk: Sen;
  bpjsKes: Sen;
  kaporlap: Sen;
  shares: SiteCosts;
}

function personFigures(basis: PositionBasis, view: View, siteHeadcount: bigint, read: Read): PersonFigures {
  const { position, wage, upah, ss, bpjsTk, bpjsKes, kaporlap, shares } = basis;
  const thr = provision(position.thr.mode, own(position.thr, view), upah, read);
  const compensation = provision(position.compensation.mode, own(position.compensation, view), upah, read);
  const holidayAllowance = flat(position.holidayAllowance.mode, own(position.holidayAllowance, view), read);
  const overtime = flat(position.overtime.mode, own(position.overtime, view), read);
  let allowanceTotal = ZERO;
  for (const allowance of position.allowances) allowanceTotal = plus(allowanceTotal, read(own(allowance, view) ?? 0));
  const allowances = toSen(allowanceTotal);
  const devices = manualOr(position, 'devices', dividedBy(shares.devices, siteHeadcount), read);
  const chemicals = manualOr(position, 'chemicals', dividedBy(shares.chemicals, siteHeadcount), read);
  const ohc = manualOr(position, 'ohc', dividedBy(shares.ohc, siteHeadcount), read);
  const baseManpower = wage + allowances;
  const shared =
    thr + compensation + holidayAllowance + overtime + bpjsTk + bpjsKes + kaporlap + devices + chemicals + ohc + ss.bpu;
  const totalPerPerson = baseManpower + shared;
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
    bankInterest: 0n,
    incentive: 0n,
    baseManpower,
    totalPerPerson,
    headcount,
    subtotal: totalPerPerson * BigInt(headcount),
  };
}

// The first pass of §2.6: every figure but the bank interest and incentive, which are percentages of its result.
function pass(input: PricingInput, read: Read) {
  const provisi = provisionMonths(input.durationMonths);
  const months = BigInt(provisi);
  const sites = new Map(input.sites.map((s) => [s.id, s]));
  const headcounts = { hpp: new Map<number | string, number>(), coss: new Map<number | string, number>() };
  for (const p of input.positions)
    for (const view of ['hpp', 'coss'] as const)
      headcounts[view].set(p.siteId, (headcounts[view].get(p.siteId) ?? 0) + headcountOf(p, view));
  const siteHeadcount = (siteId: number | string, view: View) => BigInt(Math.max(1, headcounts[view].get(siteId) ?? 0));

  // Monthly cost of each site's shared items, before dividing by its headcount.
  const siteCosts = new Map<number | string, SiteCosts>(
    input.sites.map((s) => [
      s.id,
      {
        devices: dividedBy(cost([...s.devices, ...s.applications], read), months),
        chemicals: s.chemicals.reduce(
          (total, c) =>
            plus(
              total,
              dividedBy(times(read(c.price), read(c.quantity)), BigInt(Math.max(1, c.usefulLifeMonths ?? 1))),
            ),
          ZERO,
        ),
        ohc: dividedBy(cost(s.ohc, read), months),
      },
    ]),
  );

  const positions: PositionResult[] = input.positions.map((position) => {
    const site = sites.get(position.siteId);
    if (!site) throw new PricingError(`position ${position.id}: site ${position.siteId} is not in the quotation`);
    const wage = monthlyWage(input, position, site, read);
    const upah = statutoryWage(input, position, wage, read);
    const ss = socialSecurity(input, position, site, upah, read);
    const basis: PositionBasis = {
      position,
      wage,
      upah,
      ss,
      bpjsTk: ss.jkk + ss.jkm + ss.jht + ss.jp,
      bpjsKes: manualOr(position, 'bpjsKes', fromSen(ss.kes), read),
      kaporlap: manualOr(position, 'kaporlap', dividedBy(cost(position.kaporlap, read), months), read),
      shares: siteCosts.get(site.id)!,
    };
    return {
      id: position.id,
      siteId: position.siteId,
      hpp: personFigures(basis, 'hpp', siteHeadcount(site.id, 'hpp'), read),
      coss: personFigures(basis, 'coss', siteHeadcount(site.id, 'coss'), read),
    };
  });

  return {
    provisi,
    positions,
    hpp: totals(input, positions, 'hpp', read),
    coss: totals(input, positions, 'coss', read),
  };
}

function totals(input: PricingInput, positions: PositionResult[], view: View, read: Read): ViewTotals {
  let totalBeforeFee = 0n;
  let basicWages = 0n;
  let totalBpjsTk = 0n;
  let totalBpjsKes = 0n;
  let baseManpower = 0n;
  let headcount = 0;
  for (const { [view]: f } of positions) {
    const people = BigInt(f.headcount);
    totalBeforeFee += f.subtotal;
    basicWages += f.wage * people;
    totalBpjsTk += f.bpjsTk * people;
    totalBpjsKes += f.bpjsKes * people;
    baseManpower += f.baseManpower * people;
    headcount += f.headcount;
  }
  const feeBase: Record<FeeBase, Sen> = {
    1: baseManpower,
    4: totalBeforeFee,
    5: basicWages,
    6: basicWages + totalBpjsTk,
    7: basicWages + totalBpjsTk + totalBpjsKes,
    8: basicWages + totalBpjsKes,
  };
  const base = feeBase[input.managementFee.base];
  if (base === undefined) throw new PricingError(`unknown management-fee base ${input.managementFee.base}`);
  const managementFee = toSen(percentOf(fromSen(base), read(input.managementFee.percent)));
  const grandTotal = totalBeforeFee + managementFee;
  const taxed = input.taxBasis === 'management_fee' ? managementFee : grandTotal;
  const dpp = times(fromSen(taxed), { n: BigInt(input.rates.dppNumerator), d: BigInt(input.rates.dppDenominator) });
  const ppn = input.ppn ? toSen(percentOf(dpp, read(input.rates.ppn))) : 0n;
  // PPh 23 on labour supply (PMK 141/PMK.03/2015 Pasal 1(3); docs/pph23.md): the base is the service fee when the
  // invoice states the workers' pay apart from it, as a quotation priced on the fee or on the total invoice does;
  // the whole amount excluding PPN when it does not (basis "grand_total"). Never 0: the system in use withheld
  // nothing on "total_invoice", which the statute does not allow.
  const withheldOn = input.taxBasis === 'grand_total' ? grandTotal : managementFee;
  // Withheld by the customer: negative, and never more than 10 % of DPP.
  const pph23 = -toSen(min(percentOf(fromSen(withheldOn), read(input.rates.pph23)), dividedBy(dpp, 10n)));
  const totalInvoice = grandTotal + ppn + pph23;
  const margin = grandTotal - totalBeforeFee;
  return {
    totalBeforeFee,
    basicWages,
    totalBpjsTk,
    totalBpjsKes,
    baseManpower,
    managementFee,
    grandTotal,
    dpp: toSen(dpp),
    ppn,
    pph23,
    totalInvoice,
    roundedInvoice: ceilDiv(totalInvoice, 100_000n) * 100_000n, // up to the next thousand rupiah
    margin,
    grossProfitMarginPercent: grandTotal === 0n ? 0n : roundDiv(margin * 10_000n, grandTotal),
    headcount,
  };
}

// §2.6: price once without bank interest and incentive, derive both per person from that pass, then add them to
// every position's HPP figures and total that view again.
export function priceQuotation(input: PricingInput): PricingResult {
  const read = amountReader();
  const first = pass(input, read);
  const headcount = BigInt(Math.max(1, first.hpp.headcount));
  const perPerson = (amount: Sen, percent: Amount) =>
    toSen(dividedBy(percentOf(fromSen(amount), read(percent)), headcount));
  const bankInterest = input.nonTop ? 0n : perPerson(first.hpp.totalBeforeFee, input.bankInterestPercent);
  const incentive = perPerson(first.hpp.managementFee, input.incentivePercent);
  const overridden = input.positions.some((p) => GROSS_UP_FIELDS.some((f) => p.manual?.[f] != null));
  const positions =
    bankInterest === 0n && incentive === 0n && !overridden
      ? first.positions
      : first.positions.map((p, i) => ({
          ...p,
          hpp: grossedUp(input.positions[i], p.hpp, bankInterest, incentive, read),
        }));
  return {
    provisionMonths: first.provisi,
    bankInterestPerPerson: bankInterest,
    incentivePerPerson: incentive,
    positions,
    hpp: positions === first.positions ? first.hpp : totals(input, positions, 'hpp', read),
    // The COSS view shows neither figure (§2.5), so the second pass leaves it as the first priced it.
    coss: first.coss,
  };
}

// The second pass of §2.6 for one position's HPP figures: its bank interest and incentive (an analyst's amount where
// given) added to what the first pass priced without them; nothing else depends on them.
function grossedUp(
  position: PositionInput,
  figures: PersonFigures,
  bankInterest: Sen,
  incentive: Sen,
  read: Read,
): PersonFigures {
  const positionBankInterest = manualOr(position, 'bankInterest', fromSen(bankInterest), read);
  const positionIncentive = manualOr(position, 'incentive', fromSen(incentive), read);
  const totalPerPerson = figures.totalPerPerson + positionBankInterest + positionIncentive;
  return {
    ...figures,
    bankInterest: positionBankInterest,
    incentive: positionIncentive,
    totalPerPerson,
    subtotal: totalPerPerson * BigInt(figures.headcount),
  };
}

// The result with plain numbers (rupiah, with sen as decimals), for JSON and documents.
export function pricingToJson(result: PricingResult) {
  const plain = (value: unknown): unknown => {
    if (typeof value === 'bigint') return senToNumber(value);
    if (Array.isArray(value)) return value.map(plain);
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
    return value;
  };
  return plain(result);
}
