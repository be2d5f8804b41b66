// Sample data for each document kind, shaped by the same functions real documents use: what an uploaded template is
// tried with before it is accepted, and what its preview shows.
import { quotationDocumentState } from '../domain/quotation-document-state';
import { agreementClauses, type AgreementData } from '../domain/pks';
import { formatRupiah, terbilang } from '../domain/rupiah';
import {
  calculationSummaryData,
  customerQuotationData,
  placeAndDate,
  type DocumentSources,
} from './quotation-document';
import { letterheadLogo } from './letterhead';
import type { DocumentKind } from './templates';

const ISSUED = new Date('2027-02-01T03:00:00Z');

const ENTITY = {
  name: 'PT Garda Satria Utama',
  address: 'Jl. Jend. Gatot Subroto Kav. 52, Jakarta Selatan 12950',
  phone: '021-5290-1234',
  email: 'info@contoh.co.id',
  directorName: 'Ir. Sutrisno Wibowo',
  directorTitle: 'Direktur Utama',
  npwp: '01.234.567.8-901.000',
  city: 'Kota Administrasi Jakarta Selatan',
  logo: null,
};

const figures = (wage: number, headcount: number) => {
  const parts = { wage, allowances: 300000, thr: wage / 12, compensation: wage / 12, holidayAllowance: 0 };
  const social = { jkk: wage * 0.0054, jkm: wage * 0.003, jht: wage * 0.037, jp: wage * 0.02, bpjsKes: wage * 0.04 };
  const items = {
    bpuDeduction: 0,
    kaporlap: 45000,
    devices: 30000,
    chemicals: 0,
    ohc: 0,
    bankInterest: 0,
    incentive: 0,
  };
  const round = (value: number) => Math.round(value * 100) / 100;
  const all = Object.fromEntries(
    Object.entries({ ...parts, ...social, ...items, overtime: 0 }).map(([k, v]) => [k, round(v)]),
  );
  const totalPerPerson = round(Object.values(all).reduce((a, b) => a + b, 0));
  return { ...all, totalPerPerson, subtotal: round(totalPerPerson * headcount), headcount };
};

const POSITIONS = [
  { id: 'g1', siteId: 'bks', hpp: figures(5_690_752, 4), coss: figures(5_690_752, 4) },
  { id: 'c1', siteId: 'bks', hpp: figures(6_500_000, 1), coss: figures(6_500_000, 1) },
];

// Totals that follow from the positions as the engine's would (10 % fee on the total, PPN and PPh 23 on the fee).
function totals() {
  const round = (value: number) => Math.round(value * 100) / 100;
  const totalBeforeFee = round(POSITIONS.reduce((sum, p) => sum + p.coss.subtotal, 0));
  const managementFee = round(totalBeforeFee * 0.1);
  const grandTotal = round(totalBeforeFee + managementFee);
  const dpp = round((managementFee * 11) / 12);
  const ppn = round(dpp * 0.12);
  const pph23 = -round(managementFee * 0.02);
  const totalInvoice = round(grandTotal + ppn + pph23);
  const roundedInvoice = Math.ceil(totalInvoice / 1000) * 1000;
  const grossProfitMarginPercent = round((managementFee / grandTotal) * 100);
  return {
    totalBeforeFee,
    managementFee,
    grandTotal,
    dpp,
    ppn,
    pph23,
    totalInvoice,
    roundedInvoice,
    margin: managementFee,
    grossProfitMarginPercent,
    headcount: 5,
  };
}

function quotationSources(): DocumentSources {
  return {
    number: 'QUOT/GSU/AAAAE/022027-00001',
    issuedAt: ISSUED,
    entity: ENTITY,
    customer: { name: 'PT Sentosa Makmur Sejahtera', address: 'Jl. Industri 1, Bekasi', picName: 'Budi Santoso' },
    steps: {
      2: { startDate: '2027-03-01', endDate: '2028-02-29', top: { kind: 'days', days: 14 } },
      3: {
        sites: [{ key: 'bks', name: 'Gudang Bekasi' }],
        positions: [
          { key: 'g1', siteKey: 'bks', jobTitle: 'Security Guard' },
          { key: 'c1', siteKey: 'bks', jobTitle: 'Chief Security' },
        ],
      },
    } as unknown as DocumentSources['steps'],
    positionNames: new Map(),
    validityDays: 30,
    pricingPolicy: 'minimum-wage',
    // The preview shows an approved quotation: the template as the customer receives it.
    state: quotationDocumentState('approved', false),
    approvals: [{ level: 1, name: 'Direktur Sales', by: 'Rina Wijaya', at: ISSUED }],
    priced: {
      positions: POSITIONS as unknown as DocumentSources['priced']['positions'],
      hpp: totals() as never,
      coss: totals() as never,
      bankInterestPerPerson: 0,
      incentivePerPerson: 0,
      provisionMonths: 12,
    },
  };
}

function agreementSample() {
  const agreement: AgreementData = {
    number: 'PKS/GSU/AAAAE/032027-00001',
    pksDate: 'Senin, 1 Maret 2027',
    contractStart: '1 Maret 2027',
    contractEnd: '29 Februari 2028',
    firstParty: {
      name: 'PT Sentosa Makmur Sejahtera',
      address: 'Jl. Industri 1, Bekasi',
      signatory: 'Budi Santoso',
      signatoryTitle: 'Direktur Operasional',
      code: 'AAAAE',
    },
    secondParty: {
      name: ENTITY.name,
      address: ENTITY.address,
      director: ENTITY.directorName,
      directorTitle: ENTITY.directorTitle,
      npwp: ENTITY.npwp,
    },
    service: 'Security',
    managementFeePercent: '10%',
    thr: { invoiceDaysBefore: 30, paymentDaysBefore: 14, releaseDaysBefore: 7 },
    salary: {
      cutoff: 'tanggal 21 s.d. 20',
      attendanceCheck: 'tanggal 21 s.d. 22',
      invoiceSend: 'tanggal 23 s.d. 25',
      invoiceReceived: 'tanggal 25 s.d. 27',
      invoicePayment: 'tanggal 5',
      payrollRelease: 'tanggal 1',
    },
    sites: [
      {
        number: 'PKS/GSU/AAAAE/032027-00001-01',
        name: 'Gudang Bekasi',
        city: 'Kota Bekasi',
        placement: '-',
        headcount: 5,
      },
    ],
    commercial: {
      monthlyInvoice: formatRupiah(totals().roundedInvoice),
      monthlyInvoiceWords: terbilang(totals().roundedInvoice),
      paymentTerm: '14 hari setelah invoice diterima',
    },
  };
  return {
    ...agreement,
    clauses: agreementClauses(agreement),
    placeDate: placeAndDate(ENTITY.city, new Date('2027-03-01T05:00:00Z')),
  };
}

function spkSample() {
  return {
    number: 'SPK/GSU/AAAAE/022027-00001',
    date: 'Senin, 15 Februari 2027',
    entity: { name: ENTITY.name, address: ENTITY.address, npwpLine: `NPWP ${ENTITY.npwp}`, ...letterheadLogo(null) },
    signatory: ENTITY.directorName,
    signatoryTitle: ENTITY.directorTitle,
    placeDate: placeAndDate(ENTITY.city, new Date('2027-02-15T05:00:00Z')),
    customer: { name: 'PT Sentosa Makmur Sejahtera', address: 'Jl. Industri 1, Bekasi', picName: 'Budi Santoso' },
    sites: [
      {
        name: 'Gudang Bekasi',
        city: 'Kota Bekasi',
        placement: '-',
        headcount: 5,
        quotation: 'QUOT/GSU/AAAAE/022027-00001',
        wage: 'Rp 5.690.752',
      },
    ],
    totalHeadcount: 5,
  };
}

export function sampleData(kind: DocumentKind): object {
  if (kind === 'quotation') return customerQuotationData(quotationSources());
  if (kind === 'calculation') return calculationSummaryData(quotationSources());
  if (kind === 'spk') return spkSample();
  return agreementSample();
}
