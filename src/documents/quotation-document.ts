// What the quotation documents show (domain/quotation.md §6), as template data: the customer quotation (COSS
// prices per position, fee, taxes, rounded invoice in figures and words) and the calculation summary (the full
// HPP and COSS breakdown). Pure: the activity loads the rows and the calculation.
import type { PersonFigures, ViewTotals } from '../domain/pricing/engine';
import type { QuotationSteps } from '../domain/quotation/steps';
import { indonesianLongDate } from '../domain/indonesian-date';
import { formatRupiah, terbilang } from '../domain/rupiah';

// The calculation as stored (JSON numbers).
type Figures = Record<keyof PersonFigures, number>;
type Totals = Record<keyof ViewTotals, number>;

export interface PricedQuotation {
  positions: Array<{ id: string; siteId: string; hpp: Figures; coss: Figures }>;
  hpp: Totals;
  coss: Totals;
  bankInterestPerPerson: number;
  incentivePerPerson: number;
  provisionMonths: number;
}

export interface DocumentSources {
  number: string;
  issuedAt: Date;
  entity: {
    name: string;
    address: string | null;
    phone: string | null;
    email: string | null;
    directorName: string | null;
  };
  customer: { name: string; address: string | null; picName: string | null };
  steps: QuotationSteps;
  positionNames: Map<number, string>;
  priced: PricedQuotation;
  validityDays: number;
}

const rp = (value: number) => formatRupiah(value);
const rp2 = (value: number) => formatRupiah(value, 2);

function layout(sources: DocumentSources) {
  const sites = new Map((sources.steps[3]?.sites ?? []).map((s) => [s.key, s]));
  const positions = new Map((sources.steps[3]?.positions ?? []).map((p) => [p.key, p]));
  const title = (key: string) => {
    const p = positions.get(key);
    return p?.jobTitle || (p ? sources.positionNames.get(p.positionId) : undefined) || key;
  };
  return { sites, title };
}

function paymentTerm(steps: QuotationSteps): string {
  const top = steps[2]?.top;
  if (!top) return '-';
  return top.kind === 'non_top' ? 'Non TOP' : `${top.days} hari setelah invoice diterima`;
}

export function customerQuotationData(sources: DocumentSources) {
  const { sites, title } = layout(sources);
  const coss = sources.priced.coss;
  return {
    entity: {
      ...sources.entity,
      address: sources.entity.address ?? '',
      phone: sources.entity.phone ?? '',
      email: sources.entity.email ?? '',
    },
    number: sources.number,
    date: indonesianLongDate(sources.issuedAt),
    customer: {
      name: sources.customer.name,
      address: sources.customer.address ?? '',
      picName: sources.customer.picName ?? '',
    },
    period: sources.steps[2] ? `${sources.steps[2].startDate} s.d. ${sources.steps[2].endDate}` : '-',
    lines: sources.priced.positions.map((p) => ({
      site: sites.get(p.siteId)?.name ?? p.siteId,
      position: title(p.id),
      headcount: p.coss.headcount,
      pricePerPerson: rp(p.coss.totalPerPerson),
      total: rp(p.coss.subtotal),
    })),
    totalBeforeFee: rp(coss.totalBeforeFee),
    managementFee: rp(coss.managementFee),
    grandTotal: rp(coss.grandTotal),
    ppn: rp(coss.ppn),
    pph23: rp(coss.pph23),
    totalInvoice: rp(coss.totalInvoice),
    roundedInvoice: rp(coss.roundedInvoice),
    roundedInvoiceWords: terbilang(coss.roundedInvoice),
    paymentTerm: paymentTerm(sources.steps),
    validity: `${sources.validityDays} hari sejak tanggal penawaran`,
    signatory: sources.entity.directorName ?? 'Direktur',
  };
}

const COMPONENTS: Array<[keyof Figures, string]> = [
  ['wage', 'Upah pokok'],
  ['allowances', 'Tunjangan'],
  ['thr', 'THR'],
  ['compensation', 'Kompensasi'],
  ['holidayAllowance', 'Tunjangan hari libur'],
  ['overtime', 'Lembur'],
  ['jkk', 'BPJS JKK'],
  ['jkm', 'BPJS JKM'],
  ['jht', 'BPJS JHT'],
  ['jp', 'BPJS JP'],
  ['bpjsKes', 'BPJS Kesehatan'],
  ['bpuDeduction', 'Potongan BPU'],
  ['kaporlap', 'Kaporlap'],
  ['devices', 'Peralatan'],
  ['chemicals', 'Chemical'],
  ['ohc', 'OHC'],
  ['bankInterest', 'Bunga bank'],
  ['incentive', 'Insentif'],
  ['totalPerPerson', 'Total per orang'],
];

const TOTALS: Array<[keyof Totals, string]> = [
  ['totalBeforeFee', 'Total sebelum management fee'],
  ['managementFee', 'Management fee'],
  ['grandTotal', 'Grand total'],
  ['dpp', 'DPP'],
  ['ppn', 'PPN'],
  ['pph23', 'PPh 23'],
  ['totalInvoice', 'Total invoice'],
  ['roundedInvoice', 'Total invoice (dibulatkan)'],
  ['margin', 'Margin'],
];

export function calculationSummaryData(sources: DocumentSources) {
  const { sites, title } = layout(sources);
  const { priced } = sources;
  return {
    entity: { name: sources.entity.name },
    number: sources.number,
    date: indonesianLongDate(sources.issuedAt),
    customer: { name: sources.customer.name },
    provisionMonths: priced.provisionMonths,
    positions: priced.positions.map((p) => ({
      site: sites.get(p.siteId)?.name ?? p.siteId,
      position: title(p.id),
      headcount: `${p.coss.headcount} (HPP ${p.hpp.headcount})`,
      rows: COMPONENTS.map(([key, label]) => ({ label, hpp: rp2(p.hpp[key]), coss: rp2(p.coss[key]) })),
      subtotalHpp: rp2(p.hpp.subtotal),
      subtotalCoss: rp2(p.coss.subtotal),
    })),
    totals: [
      ...TOTALS.map(([key, label]) => ({ label, hpp: rp2(priced.hpp[key]), coss: rp2(priced.coss[key]) })),
      {
        label: 'GPM %',
        hpp: `${priced.hpp.grossProfitMarginPercent}%`,
        coss: `${priced.coss.grossProfitMarginPercent}%`,
      },
    ],
  };
}
