// The go-live import (issue 16) on the real stack: a workbook with every kind of mistake is refused row by row and
// imports nothing; a dry run checks and imports nothing; the real import makes active contracts with running runs,
// customers (a new lead, and an existing one turned customer), sites, and closed months of past revenue; the same
// contracts again are refused.
import ExcelJS from 'exceljs';
import { pksWorkflowId } from '../../workflows/pks-contract';
import { uploadFile } from '../support/contracts';
import { Stack, type TestUser } from '../support/stack';

let stack: Stack;
let admin: string;
let seller: TestUser;
let existingLead: { id: number; companyName: string };
const inDays = (days: number) => new Date(Date.now() + 7 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
const lastMonth = () => {
  const d = new Date(Date.now() + 7 * 3_600_000);
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return d.toISOString().slice(0, 7);
};

beforeAll(async () => {
  stack = await Stack.start();
  admin = (await stack.tokenFor('superadmin')).token;
  const login = await stack.tokenFor('sales');
  seller = login.user;
  const lead = await stack.createLead(login.token);
  existingLead = { id: lead.id, companyName: lead.companyName };
});

afterAll(() => stack?.stop());

type Row = Record<string, string | number | Date>;
const contractRow = (over: Row = {}): Row => ({
  'Nomor Kontrak': 'PKS-LAMA-001',
  Pelanggan: 'PT Sentosa Abadi Logistik',
  'Kode Entitas': 'GSU',
  Layanan: 'Security',
  'Email Sales': seller.email,
  Mulai: '2026-01-01',
  Selesai: inDays(45),
  'Invoice per Bulan': 150_000_000,
  Lokasi: 'Pabrik Cikarang',
  'Kode Kota': '32.16',
  'Jumlah TK': 20,
  ...over,
});

async function workbook(contracts: Row[], revenue: Row[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = (name: string, headers: string[], rows: Row[]) => {
    const ws = book.addWorksheet(name);
    ws.addRow(headers.map((h, i) => (i === 0 ? `${h}*` : h)));
    for (const row of rows) ws.addRow(headers.map((h) => row[h] ?? null));
  };
  sheet('Kontrak', Object.keys(contractRow()), contracts);
  sheet('Pendapatan', ['Bulan', 'Email Sales', 'Pendapatan'], revenue);
  return Buffer.from(await book.xlsx.writeBuffer());
}

const upload = (file: Buffer, dryRun = false) =>
  uploadFile(stack, `/api/go-live/import?dryRun=${dryRun}`, admin, 'go-live.xlsx', file);
const pksCount = async () => Number((await stack.knex('pks').count({ n: '*' }))[0].n);

const GOOD_CONTRACTS = () => [
  contractRow(),
  contractRow({
    Lokasi: 'Gudang Bekasi',
    'Kode Kota': '32.75',
    'Jumlah TK': 5,
    Mulai: new Date('2026-01-01T00:00:00Z'),
  }),
  contractRow({
    'Nomor Kontrak': 'PKS-LAMA-002',
    Pelanggan: existingLead.companyName,
    Selesai: '2027-06-30',
    'Invoice per Bulan': 40_000_000.5,
    Lokasi: 'Kantor Pusat',
    'Kode Kota': '31.71',
    'Jumlah TK': 4,
  }),
];
const GOOD_REVENUE = () => [{ Bulan: lastMonth(), 'Email Sales': seller.email, Pendapatan: 185_000_000 }];

it('offers the template with both sheets', async () => {
  const response = await fetch(`${stack.baseUrl}/api/go-live/template`, {
    headers: { Authorization: `Bearer ${admin}` },
  });
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(await response.arrayBuffer());
  expect(book.worksheets.map((w) => w.name)).toEqual(['Kontrak', 'Pendapatan']);
  expect(book.getWorksheet('Kontrak')!.getRow(1).getCell(1).value).toBe('Nomor Kontrak*');
});

it('refuses a workbook with mistakes, naming each, and imports nothing', async () => {
  const before = await pksCount();
  const file = await workbook(
    [
      contractRow(),
      contractRow({ Lokasi: 'Gudang', 'Invoice per Bulan': 99 }), // differs from its contract's first row
      contractRow({ 'Nomor Kontrak': 'PKS-LAMA-009', Mulai: '2025-01-01', Selesai: '2025-12-31' }), // already ended
      contractRow({ 'Nomor Kontrak': 'PKS-LAMA-010', 'Kode Kota': '99.99', 'Kode Entitas': 'ZZZ' }),
    ],
    [
      { Bulan: '2026-13', 'Email Sales': seller.email, Pendapatan: 1 },
      { Bulan: lastMonth(), 'Email Sales': 'nobody@test.local', Pendapatan: 1 },
    ],
  );
  const refused = await upload(file);
  expect(refused.status).toBe(422);
  expect(refused.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(
    [
      'Kontrak.3.monthlyInvoice',
      'Kontrak.4.end',
      'Kontrak.5.entity',
      'Kontrak.5.city',
      'Pendapatan.2.month',
      'Pendapatan.3.sales',
    ].sort(),
  );
  expect(await pksCount()).toBe(before);
  expect(await stack.knex('revenue_closings').count({ n: '*' })).toEqual([{ n: '0' }]);
});

it('checks a good workbook on a dry run, then imports running contracts, customers and past revenue', async () => {
  const before = await pksCount();
  const file = await workbook(GOOD_CONTRACTS(), GOOD_REVENUE());
  const dry = await upload(file, true);
  expect(dry.status).toBe(200);
  expect(dry.body).toMatchObject({ dryRun: true, contracts: 2, sites: 3, revenueMonths: 1, imported: [] });
  expect(await pksCount()).toBe(before);

  const done = await upload(file);
  expect(done.status).toBe(201);
  expect(done.body.imported.map((c: { number: string }) => c.number)).toEqual(['PKS-LAMA-001', 'PKS-LAMA-002']);
  const [first, second] = done.body.imported;

  const contract = (await stack.request('GET', `/api/pks/${first.id}`, { token: admin })).body;
  expect(contract).toMatchObject({ status: 'active', contractStart: '2026-01-01', contractEnd: inDays(45) });
  expect(contract.sites.map((s: { name: string; headcount: number }) => [s.name, s.headcount])).toEqual([
    ['Pabrik Cikarang', 20],
    ['Gudang Bekasi', 5],
  ]);
  expect(Number(contract.commercial.roundedInvoice)).toBe(150_000_000);
  // Its run holds the contract from day one: reminders before the end, expiry after it.
  const run = await stack.temporal.workflow.getHandle(pksWorkflowId(first.id)).describe();
  expect(run.status.name).toBe('RUNNING');

  // A new company became a customer lead; an existing lead became a customer.
  const lead = await stack.knex('leads').where({ id: contract.leadId }).first('company_name', 'status_id');
  expect(lead).toEqual({ company_name: 'PT SENTOSA ABADI LOGISTIK', status_id: 102 });
  const other = (await stack.request('GET', `/api/pks/${second.id}`, { token: admin })).body;
  expect(other.leadId).toBe(existingLead.id);
  expect((await stack.knex('leads').where({ id: existingLead.id }).first('status_id')).status_id).toBe(102);

  // Past revenue is a closed month.
  const closing = await stack.request('GET', `/api/sales-revenue/closings/${lastMonth()}`, { token: admin });
  expect(closing.status).toBe(200);
  expect(JSON.stringify(closing.body)).toContain('185000000');

  // The same workbook again: the contracts are already in CAIS.
  const again = await upload(file);
  expect(again.status).toBe(422);
  expect(again.body.errors.map((e: { field: string }) => e.field)).toEqual(
    expect.arrayContaining(['Kontrak.2.number', 'Kontrak.4.number']),
  );
});
