// What the quotation documents show (domain/quotation.md §6), as template data: the customer quotation (COSS
// prices per position, fee, taxes, rounded invoice in figures and words) and the calculation summary (the full
// HPP and COSS breakdown). Pure: the activity loads the rows and the calculation.
import type { PersonFigures, ViewTotals } from '../domain/pricing/engine';
import type { QuotationSteps } from '../domain/quotation/steps';
import { indonesianDate, indonesianLongDate, wibTime } from '../domain/indonesian-date';
import type { QuotationDocumentState } from '../domain/quotation-document-state';
import { formatRupiah, terbilang, wholeRupiah } from '../domain/rupiah';
import { letterheadLogo } from './letterhead';

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
    directorTitle: string | null;
    npwp: string | null;
    city: string | null; // where its letters are dated from
    logo: string | null; // data URI
  };
  customer: { name: string; address: string | null; picName: string | null };
  steps: QuotationSteps;
  positionNames: Map<number, string>;
  priced: PricedQuotation;
  pricingPolicy: string; // what the calculation was priced under
  validityDays: number;
  state: QuotationDocumentState;
  // The levels that approved the current submission, in order (cited on an approved quotation).
  approvals: Array<{ level: number; name: string; by: string | null; at: Date }>;
}

// "Disetujui: Level 1 Direktur Sales (Budi Santoso, 7 Desember 2026 10:15 WIB); Level 2 …", or '' before approval.
export function approvalReference(sources: Pick<DocumentSources, 'state' | 'approvals'>): string {
  if (!sources.state.signed || !sources.approvals.length) return '';
  const cited = sources.approvals.map(
    (a) => `Level ${a.level} ${a.name} (${a.by ?? 'sistem'}, ${indonesianDate(a.at)} ${wibTime(a.at)})`,
  );
  return `Disetujui: ${cited.join('; ')}`;
}

const POLICY_LABELS: Record<string, string> = {
  'minimum-wage': 'kebijakan harga: BPJS dan THR atas upah pokok / upah minimum',
  statutory: 'kebijakan harga: BPJS dan THR atas upah pokok + tunjangan tetap (sesuai peraturan)',
};

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

// The customer's price list: each position's price per person rounded to the rupiah, its row that price times the
// headcount, so every printed row multiplies out and the rows add up; the few rupiah between their sum and the
// calculation (kept in sen) are printed as a rounding difference, and the taxes follow the calculation.
function priceLines(sources: DocumentSources) {
  const { sites, title } = layout(sources);
  const lines = sources.priced.positions.map((p) => {
    const unit = wholeRupiah(p.coss.totalPerPerson);
    return {
      site: sites.get(p.siteId)?.name ?? p.siteId,
      position: title(p.id),
      headcount: p.coss.headcount,
      unit,
      total: unit * p.coss.headcount,
    };
  });
  const linesTotal = lines.reduce((sum, line) => sum + line.total, 0);
  const differenceSen = Math.round(sources.priced.coss.totalBeforeFee * 100) - linesTotal * 100;
  return { lines, linesTotal, difference: differenceSen / 100 };
}

export function customerQuotationData(sources: DocumentSources) {
  const coss = sources.priced.coss;
  const { lines, linesTotal, difference } = priceLines(sources);
  return {
    entity: {
      ...sources.entity,
      address: sources.entity.address ?? '',
      phone: sources.entity.phone ?? '',
      email: sources.entity.email ?? '',
      contactLine: [sources.entity.address, sources.entity.phone, sources.entity.email].filter(Boolean).join(' · '),
      npwpLine: sources.entity.npwp ? `NPWP ${sources.entity.npwp}` : '',
      ...letterheadLogo(sources.entity.logo),
    },
    number: sources.number,
    date: indonesianLongDate(sources.issuedAt),
    customer: {
      name: sources.customer.name,
      address: sources.customer.address ?? '',
      picName: sources.customer.picName ?? '',
    },
    period: sources.steps[2]
      ? `${calendarDate(sources.steps[2].startDate)} s.d. ${calendarDate(sources.steps[2].endDate)}`
      : '-',
    lines: lines.map((line) => ({ ...line, pricePerPerson: rp(line.unit), total: rp(line.total) })),
    linesTotal: rp(linesTotal),
    roundingDifference: rp2(difference),
    totalBeforeFee: rp2(coss.totalBeforeFee),
    managementFee: rp2(coss.managementFee),
    grandTotal: rp2(coss.grandTotal),
    ppn: rp2(coss.ppn),
    pph23: rp2(coss.pph23),
    totalInvoice: rp2(coss.totalInvoice),
    roundedInvoice: rp(coss.roundedInvoice),
    roundedInvoiceWords: terbilang(coss.roundedInvoice),
    paymentTerm: paymentTerm(sources.steps),
    validity: `${sources.validityDays} hari sejak tanggal penawaran`,
    signatory: sources.entity.directorName ?? 'Direktur',
    signatoryTitle: sources.entity.directorTitle ?? 'Direktur',
    placeDate: placeAndDate(sources.entity.city, sources.issuedAt),
    mark: sources.state.mark ?? '',
    signed: sources.state.signed,
    approvalReference: approvalReference(sources),
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

// Positions per table of the calculation summary: 12 fit across a landscape A4 page at 7 pt.
const COLUMNS_PER_TABLE = 12;

const VIEWS: Array<['hpp' | 'coss', string]> = [
  ['hpp', 'HPP (biaya) per orang per bulan'],
  ['coss', 'COSS (harga) per orang per bulan'],
];

// Amounts in a matrix cell: the table heading says rupiah, so the cell drops "Rp " to fit.
const cell = (value: number) => rp2(value).replace('Rp ', '');

// The calculation summary as landscape matrices, components down and positions across, one per view and per 12
// positions: a quotation of 12 positions reads on two pages.
export function calculationSummaryData(sources: DocumentSources) {
  const { sites, title } = layout(sources);
  const { priced } = sources;
  const chunks: Array<typeof priced.positions> = [];
  for (let i = 0; i < priced.positions.length; i += COLUMNS_PER_TABLE)
    chunks.push(priced.positions.slice(i, i + COLUMNS_PER_TABLE));
  return {
    entity: { name: sources.entity.name },
    number: sources.number,
    date: indonesianLongDate(sources.issuedAt),
    customer: { name: sources.customer.name },
    mark: sources.state.mark ?? '',
    approvalReference: approvalReference(sources),
    provisionMonths: priced.provisionMonths,
    policy: POLICY_LABELS[sources.pricingPolicy] ?? sources.pricingPolicy,
    tables: VIEWS.flatMap(([view, heading]) =>
      chunks.map((chunk) => ({
        title: `${heading} (Rp)`,
        // One marker per cell: Carbone repeats a cell across a row only for one array per row.
        positions: chunk.map((p) => ({ name: `${title(p.id)} · ${sites.get(p.siteId)?.name ?? p.siteId}` })),
        rows: [
          { label: 'HC', cells: chunk.map((p) => ({ value: String(p[view].headcount) })) },
          ...COMPONENTS.map(([key, label]) => ({ label, cells: chunk.map((p) => ({ value: cell(p[view][key]) })) })),
          { label: 'Subtotal (× HC)', cells: chunk.map((p) => ({ value: cell(p[view].subtotal) })) },
        ],
      })),
    ),
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

// The place and date line above a signature: "Jakarta, 1 Februari 2027" (the date alone when no city is set).
export function placeAndDate(city: string | null, date: Date): string {
  const day = indonesianDate(date);
  return city ? `${city.replace(/^(Kota Administrasi|Kabupaten|Kota) /, '')}, ${day}` : day;
}

// A stored calendar date ('2027-02-01') as printed: "1 Februari 2027".
export const calendarDate = (iso: string): string => indonesianDate(new Date(`${iso}T05:00:00Z`));
