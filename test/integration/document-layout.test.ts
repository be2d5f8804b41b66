// Document layout with LibreOffice: the calculation summary of 12 positions is a landscape matrix on at most two
// pages, every page numbered, and its DOCX opens as the same tables.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { calculationSummaryData, type DocumentSources } from '../../src/documents/quotation-document';
import { quotationDocumentState } from '../../src/domain/quotation-document-state';
import { createRenderer, type DocumentRenderer } from '../../src/documents/renderer';

const FIGURES = ['wage', 'allowances', 'thr', 'compensation', 'holidayAllowance', 'overtime', 'jkk', 'jkm', 'jht']
  .concat(['jp', 'bpjsKes', 'bpuDeduction', 'kaporlap', 'devices', 'chemicals', 'ohc', 'bankInterest', 'incentive'])
  .concat(['totalPerPerson', 'subtotal']);
const TOTALS = ['totalBeforeFee', 'managementFee', 'grandTotal', 'dpp', 'ppn', 'pph23', 'totalInvoice'].concat([
  'roundedInvoice',
  'margin',
  'grossProfitMarginPercent',
]);

// Twelve positions with the widest amounts a quotation prints (tens of millions with sen).
function twelvePositions(): DocumentSources {
  const figures = (i: number) => ({
    ...Object.fromEntries(FIGURES.map((key, j) => [key, 98765432.1 + i * 1000 + j])),
    headcount: 1 + (i % 9),
  });
  return {
    number: 'QUOT/GSU/AAAAE/122026-00004',
    issuedAt: new Date('2026-12-01T03:00:00Z'),
    entity: { name: 'PT Garda Satya Utama' } as DocumentSources['entity'],
    customer: { name: 'PT Sentosa Makmur Sejahtera', address: null, picName: null },
    steps: {
      3: {
        sites: [{ key: 'bks', name: 'Gudang Bekasi Timur' }],
        positions: Array.from({ length: 12 }, (_, i) => ({ key: `p${i}`, jobTitle: `Security Guard Regu ${i + 1}` })),
      },
    } as unknown as DocumentSources['steps'],
    positionNames: new Map(),
    validityDays: 30,
    pricingPolicy: 'statutory',
    state: quotationDocumentState('submitted', false),
    approvals: [],
    priced: {
      positions: Array.from({ length: 12 }, (_, i) => ({
        id: `p${i}`,
        siteId: 'bks',
        hpp: figures(i),
        coss: figures(i + 1),
      })) as unknown as DocumentSources['priced']['positions'],
      hpp: Object.fromEntries(TOTALS.map((key) => [key, 1234567890.12])) as never,
      coss: Object.fromEntries(TOTALS.map((key) => [key, 1334567890.12])) as never,
      bankInterestPerPerson: 0,
      incentivePerPerson: 0,
      provisionMonths: 12,
    },
  };
}

let renderer: DocumentRenderer;
let dir: string;
beforeAll(() => {
  renderer = createRenderer();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cais-layout-'));
});
afterAll(async () => {
  await renderer.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const pdfInfo = (file: string) => execFileSync('pdfinfo', [file], { encoding: 'utf8' });
const pdfText = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });

it('prints the calculation summary of 12 positions as landscape matrices on two pages, numbered', async () => {
  const data = calculationSummaryData(twelvePositions());
  const file = path.join(dir, 'summary.pdf');
  fs.writeFileSync(file, await renderer.render('calculation-summary.html', data, 'pdf'));
  const info = pdfInfo(file);
  expect(info).toMatch(/Pages:\s+2\n/);
  const [, width, height] = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(info)!.map(Number);
  expect(width).toBeGreaterThan(height);
  const text = pdfText(file);
  expect(text).toContain('Komponen');
  expect(text).toContain('98.776.432,10'); // the last position's HPP basic wage (98,765,432.10 + 11,000)
  expect(text.replace(/\s+/g, ' ')).toContain('Halaman 2 dari 2');
});

it('writes the same summary as a DOCX that LibreOffice opens as landscape tables', async () => {
  const data = calculationSummaryData(twelvePositions());
  const docx = path.join(dir, 'summary.docx');
  fs.writeFileSync(docx, await renderer.render('calculation-summary.html', data, 'docx'));
  execFileSync('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', dir, docx], { timeout: 120_000 });
  const text = pdfText(path.join(dir, 'summary.pdf'));
  expect(text).toContain('Komponen');
  expect(text).toContain('98.776.432,10');
});
