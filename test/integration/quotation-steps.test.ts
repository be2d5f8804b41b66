// A quotation with 2 sites and 3 positions through all 12 steps over HTTP: each save goes through the workflow,
// is priced again, and the calculation uses the regional wages and rates stored in Postgres; then submission,
// two approval levels with a rejection and a resubmission, racing approvers, and the e-mails they cause.
import { formatRupiah, terbilang } from '../../src/domain/rupiah';
import { LifecycleStatus } from '../../workflows/search-attributes';
import { quotationWorkflowId } from '../../workflows/quotation-contract';
import { startSmtpListener, type SmtpListener } from '../support/smtp';
import { Stack, type TestUser } from '../support/stack';
import { readPdf } from '../support/pdf';
import { approvedQuotation, fillSteps } from '../support/quotations';
import { lastDayOf, thisYear } from '../support/calendar';

let stack: Stack;
let smtp: SmtpListener;
let salesUser: TestUser;
let admin: string;
let sales: string;
let quotationId: number;
const ids: Record<string, number> = {};

beforeAll(async () => {
  smtp = await startSmtpListener();
  stack = await Stack.start({ smtpUrl: smtp.url });
  admin = (await stack.tokenFor('superadmin')).token;
  const seller = await stack.tokenFor('sales');
  sales = seller.token;
  salesUser = seller.user;
  const gsu = (await stack.knex('entities').where({ code: 'GSU' }).first()).id;
  const create = async (path: string, body: object) => {
    const r = await stack.request('POST', path, { token: admin, body });
    if (r.status !== 201) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.id as number;
  };
  ids.guard = await create('/api/master/positions', {
    name: 'Security Guard',
    description: 'Guard',
    entityId: gsu,
    serviceLineId: 1,
  });
  ids.chief = await create('/api/master/positions', {
    name: 'Chief Security',
    description: 'Chief',
    entityId: gsu,
    serviceLineId: 1,
  });
  await create('/api/master/allowances', { serviceLineId: 1, name: 'Uang makan', amount: 300000 });
  ids.uniform = await create('/api/master/items', { name: 'Seragam PDL', categoryId: 1, price: 240000 });
  ids.radio = await create('/api/master/items', { name: 'Handy talky', categoryId: 9, price: 1800000 });
  ids.cleaner = await create('/api/master/items', {
    name: 'Floor cleaner',
    categoryId: 13,
    price: 90000,
    usefulLifeMonths: 3,
  });
  ids.office = await create('/api/master/items', { name: 'Pos jaga', categoryId: 6, price: 600000 });
  ids.training = await create('/api/master/trainings', {
    type: 'Security',
    name: 'Gada Pratama',
    lessonHours: 10,
    minutesPerLesson: 45,
  });
  const lead = await stack.createLead(sales);
  const q = await stack.request('POST', '/api/quotations', { token: sales, body: { leadId: lead.id, entityId: gsu } });
  quotationId = q.body.id;
});

afterAll(async () => {
  await stack?.stop();
  await smtp?.close();
});

const put = (n: number, body: object) =>
  stack.request('PUT', `/api/quotations/${quotationId}/steps/${n}`, { token: sales, body });

const STEP3 = {
  sites: [
    { key: 'bks', name: 'Gudang Bekasi', provinceCode: '32', cityCode: '32.75' },
    { key: 'jkt', name: 'Kantor Jakarta', provinceCode: '31', cityCode: '31.71' },
  ],
  positions: [
    { key: 'g-bks', siteKey: 'bks', positionId: 0, hc: 4 },
    { key: 'c-bks', siteKey: 'bks', positionId: 0, hc: 1 },
    { key: 'g-jkt', siteKey: 'jkt', positionId: 0, hc: 2, hcHpp: 3 },
  ],
};
const pay = (key: string, wage: object) => ({
  key,
  wage,
  thr: { mode: 'provisioned' },
  compensation: { mode: 'provisioned' },
  holidayAllowance: { mode: 'none' },
  overtime: { mode: 'none' },
});
// A position's step-4 pay with nothing provisioned, and `over` on top.
const bareWage = (key: string, over: object) => ({
  key,
  thr: { mode: 'none' },
  compensation: { mode: 'none' },
  holidayAllowance: { mode: 'none' },
  overtime: { mode: 'none' },
  ...over,
});

it('refuses steps out of order and bad step data, naming the field', async () => {
  expect((await put(1, { contractKind: 'PKWT' })).status).toBe(200);
  const early = await put(3, { ...STEP3, positions: STEP3.positions.map((p) => ({ ...p, positionId: ids.guard })) });
  expect(early.status).toBe(409);
  const badTerms = await put(2, {
    startDate: '2026-12-01',
    endDate: '2026-01-01',
    duration: { value: 12, unit: 'bulan' },
    salaryRuleId: 999,
    top: { kind: 'days' },
  });
  expect(badTerms.status).toBe(422);
  expect(badTerms.body.errors.map((e: { field: string }) => e.field)).toEqual(['top.days']);
  const badRefs = await put(2, {
    startDate: '2026-12-01',
    endDate: '2026-01-01',
    duration: { value: 12, unit: 'bulan' },
    salaryRuleId: 999,
    top: { kind: 'days', days: 14 },
  });
  expect(badRefs.body.errors.map((e: { field: string }) => e.field)).toEqual(['endDate', 'salaryRuleId']);
});

it('saves all 12 steps, pricing from the stored wages and rates, and completes', async () => {
  const terms = await put(2, {
    startDate: '2026-01-01',
    endDate: '2026-12-31',
    duration: { value: 12, unit: 'bulan' },
    salaryRuleId: 1,
    top: { kind: 'days', days: 14 },
    invoiceDay: 25,
  });
  expect(terms.status).toBe(200);
  expect(terms.body.totals).toEqual({
    priced: false,
    reason: 'steps 3 (positions) and 4 (wages) must be saved before the quotation can be priced',
  });

  const wrongSite = await put(3, {
    ...STEP3,
    positions: [{ key: 'x', siteKey: 'nowhere', positionId: ids.guard, hc: 1 }],
  });
  expect(wrongSite.body.errors[0].field).toBe('positions.0.siteKey');
  const step3 = {
    ...STEP3,
    positions: STEP3.positions.map((p) => ({ ...p, positionId: p.key.startsWith('c') ? ids.chief : ids.guard })),
  };
  const layout = await put(3, step3);
  expect(layout.status).toBe(200);
  // Allowances default to the catalogue's for the service line, with whether each is fixed.
  expect(layout.body.data.positions[0].allowances).toEqual([{ name: 'Uang makan', amount: 300000, fixed: false }]);

  const missing = await put(4, {
    positions: [pay('g-bks', { basis: 'umk' })],
    managementFee: { base: 7, percent: 10 },
    ppn: true,
    taxBasis: 'management_fee',
  });
  expect(missing.body.errors[0]).toMatchObject({
    field: 'positions',
    message: 'wages are missing for position(s) c-bks, g-jkt',
  });
  const wages = await put(4, {
    positions: [
      pay('g-bks', { basis: 'umk' }),
      pay('c-bks', { basis: 'custom', amount: 7000000 }),
      pay('g-jkt', { basis: 'ump' }),
    ],
    managementFee: { base: 7, percent: 10 },
    ppn: true,
    taxBasis: 'management_fee',
    bankInterestPercent: 1,
    incentivePercent: 2,
  });
  expect(wages.status).toBe(200);
  expect(wages.body.totals.priced).toBe(true);

  expect((await put(6, { applications: [] })).status).toBe(409);
  expect(
    (
      await put(5, {
        positions: [
          { key: 'g-bks', guarantor: 'bpjs', enabled: true, riskClass: 'medium' },
          { key: 'c-bks', guarantor: 'bpu', enabled: true, riskClass: 'medium' },
        ],
      })
    ).status,
  ).toBe(200);
  expect(
    (await put(6, { applications: [{ siteKey: 'bks', name: 'Patrol app', price: 120000, quantity: 1 }] })).status,
  ).toBe(200);
  const wrongGroup = await put(7, { kaporlap: [{ positionKey: 'g-bks', itemId: ids.radio, quantity: 1 }] });
  expect(wrongGroup.body.errors[0]).toEqual({
    field: 'kaporlap.0.itemId',
    message: `item ${ids.radio} is not a kaporlap item`,
  });
  expect(
    (
      await put(7, {
        kaporlap: [
          { positionKey: 'g-bks', itemId: ids.uniform, quantity: 2 },
          { positionKey: 'g-jkt', itemId: ids.uniform, quantity: 2 },
        ],
      })
    ).status,
  ).toBe(200);
  expect((await put(8, { devices: [{ siteKey: 'bks', itemId: ids.radio, quantity: 2 }] })).status).toBe(200);
  expect((await put(9, { chemicals: [{ siteKey: 'jkt', itemId: ids.cleaner, quantity: 3 }] })).status).toBe(200);
  expect(
    (
      await put(10, {
        ohc: [{ siteKey: 'bks', itemId: ids.office, quantity: 1 }],
        trainingIds: [ids.training],
        visits: [{ team: 'crm', count: 2, month: 3, year: 2026 }],
      })
    ).status,
  ).toBe(200);
  expect(
    (await put(11, { clauses: [{ title: 'Lingkup kerja', text: 'Pengamanan gudang dan kantor.' }], reviewed: true }))
      .status,
  ).toBe(200);
  const done = await put(12, { confirmed: true });
  expect(done.body.step).toBe(100);

  // The breakdown, checked against the stored wage decrees and the spec's formulas.
  const calc = (await stack.request('GET', `/api/quotations/${quotationId}/calculation`, { token: sales })).body;
  const umkBekasi = Number(
    (await stack.knex('minimum_wages').where({ kind: 'umk', city_code: '32.75', valid_from: '2026-01-01' }).first())
      .amount,
  );
  const umpJakarta = Number(
    (await stack.knex('minimum_wages').where({ kind: 'ump', province_code: '31', valid_from: '2026-01-01' }).first())
      .amount,
  );
  const [guard, chief, jakarta] = calc.positions;
  expect(calc.asOf).toBe('2026-01-01');
  expect(guard.coss).toMatchObject({
    wage: umkBekasi,
    allowances: 300000,
    thr: Math.round((umkBekasi / 12) * 100) / 100,
    kaporlap: 40000,
    headcount: 4,
  });
  // Bekasi site: 5 people; devices (2 × 1,800,000 + 120,000 app) / 12 / 5; OHC 600,000 / 12 / 5.
  expect(guard.coss.devices).toBe(62000);
  expect(guard.coss.ohc).toBe(10000);
  expect(chief.coss).toMatchObject({ wage: 7000000, bpjsTk: 0, bpuDeduction: 16800 });
  expect(jakarta.coss).toMatchObject({ wage: umpJakarta, chemicals: 45000, headcount: 2 }); // 3 × 90,000 / 3 months / 2
  expect(jakarta.hpp).toMatchObject({ chemicals: 30000, headcount: 3 });
  const subtotals = calc.positions.reduce((s: number, p: { coss: { subtotal: number } }) => s + p.coss.subtotal, 0);
  expect(calc.coss.totalBeforeFee).toBeCloseTo(subtotals, 2);
  expect(calc.coss.grandTotal).toBeCloseTo(calc.coss.totalBeforeFee + calc.coss.managementFee, 2);
  expect(calc.coss.roundedInvoice % 1000).toBe(0);

  const q = await stack.request('GET', `/api/quotations/${quotationId}`, { token: sales });
  expect(q.body).toMatchObject({ step: 100, status: 'draft' });
  const step3Read = await stack.request('GET', `/api/quotations/${quotationId}/steps/3`, { token: sales });
  expect(step3Read.body.data.sites.map((s: { key: string }) => s.key)).toEqual(['bks', 'jkt']);
  // A complete quotation may still be revised while it is a draft; saving an earlier step prices it again.
  const revisited = await put(4, {
    positions: [
      pay('g-bks', { basis: 'umk' }),
      pay('c-bks', { basis: 'custom', amount: 8000000 }),
      pay('g-jkt', { basis: 'ump' }),
    ],
    managementFee: { base: 7, percent: 10 },
    ppn: true,
    taxBasis: 'management_fee',
  });
  expect(revisited.body.step).toBe(100);
  expect(revisited.body.totals.coss.basicWages).toBe(umkBekasi * 4 + 8000000 + umpJakarta * 2);
});

it('refuses to delete a catalogue row its draft still uses, naming the draft', async () => {
  const { number } = await stack.knex('quotations').where({ id: quotationId }).first('number');
  for (const path of [`/api/master/positions/${ids.guard}`, `/api/master/items/${ids.uniform}`]) {
    const refused = await stack.request('DELETE', path, { token: admin });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain(number);
  }
  expect(await stack.knex('positions').where({ id: ids.guard }).first('deleted_at')).toEqual({ deleted_at: null });
});

it('gives the quotation an ETag and refuses a command whose If-Match is stale with 412', async () => {
  const read = await stack.request('GET', `/api/quotations/${quotationId}`, { token: sales });
  const etag = read.headers.get('etag')!;
  expect(etag).toMatch(/^"[\w-]+"$/);
  const terms = {
    startDate: '2026-01-01',
    endDate: '2026-12-31',
    duration: { value: 12, unit: 'bulan' },
    salaryRuleId: 1,
    top: { kind: 'days', days: 21 },
    invoiceDay: 25,
  };
  const save = (ifMatch: string, days: number) =>
    stack.request('PUT', `/api/quotations/${quotationId}/steps/2`, {
      token: sales,
      body: { ...terms, top: { kind: 'days', days } },
      headers: { 'If-Match': ifMatch },
    });
  const malformed = await save('"' + 'x'.repeat(300) + '"', 21);
  expect(malformed.status).toBe(422);
  expect(malformed.body.errors[0].field).toBe('If-Match');
  const stale = await save('"not-the-current-one"', 21);
  expect(stale.status).toBe(412);
  expect(stale.headers.get('etag')).toBe(etag);
  expect((await save(etag, 21)).status).toBe(200);
  const now = (await stack.request('GET', `/api/quotations/${quotationId}`, { token: sales })).headers.get('etag')!;
  expect(now).not.toBe(etag);
  expect((await save(etag, 14)).status).toBe(412);
  expect((await save(now, 14)).status).toBe(200);
});

it('keeps other users out', async () => {
  const other = (await stack.tokenFor('sales')).token;
  expect((await stack.request('GET', `/api/quotations/${quotationId}/calculation`, { token: other })).status).toBe(404);
  expect(
    (
      await stack.request('PUT', `/api/quotations/${quotationId}/steps/11`, {
        token: other,
        body: { clauses: [], reviewed: true },
      })
    ).status,
  ).toBe(404);
});

describe('documents', () => {
  const pdfText = (url: string) => readPdf(stack, url, sales);

  it('renders the customer quotation and the calculation summary with the calculation’s figures', async () => {
    const calc = (await stack.request('GET', `/api/quotations/${quotationId}/calculation`, { token: sales })).body;
    const quotation = await pdfText(`/api/quotations/${quotationId}/pdf`);
    expect(quotation).toContain(calc.number);
    // Every printed row multiplies out (price per person in whole rupiah × headcount) and the rows add up; the
    // rounding difference brings their sum to the calculation's total in sen.
    const rupiah = (printed: string) => Number(printed.replace(/\./g, ''));
    const rows = [...quotation.matchAll(/\s(\d+)\s+Rp ([\d.]+)\s+Rp ([\d.]+)\s*$/gm)];
    expect(rows.map((row) => Number(row[1]))).toEqual(
      calc.positions.map((p: { coss: { headcount: number } }) => p.coss.headcount),
    );
    for (const [, headcount, unit, total] of rows) expect(rupiah(unit) * Number(headcount)).toBe(rupiah(total));
    const printedSum = rows.reduce((sum, row) => sum + rupiah(row[3]), 0);
    const flat = quotation.replace(/\s+/g, ' ');
    expect(flat).toContain(`Jumlah harga per baris ${formatRupiah(printedSum)}`);
    const difference = Math.round(calc.coss.totalBeforeFee * 100 - printedSum * 100) / 100;
    expect(flat).toContain(`Selisih pembulatan ${formatRupiah(difference, 2)}`);
    for (const key of ['totalBeforeFee', 'managementFee', 'grandTotal', 'ppn'])
      expect(quotation).toContain(formatRupiah(calc.coss[key], 2));
    expect(quotation).toContain(formatRupiah(calc.coss.roundedInvoice));
    const pages = flat.match(/Halaman \d+ dari (\d+)/g) ?? [];
    expect(pages.length).toBeGreaterThan(0);
    expect(pages).toEqual(pages.map((_, i) => `Halaman ${i + 1} dari ${pages.length}`));
    expect(quotation.replace(/\s+/g, ' ')).toContain(terbilang(calc.coss.roundedInvoice));
    expect(quotation).toContain('Gudang Bekasi');
    expect(quotation.replace(/\s+/g, ' ')).toContain('Periode kerja sama: 1 Januari 2026 s.d. 31 Desember 2026');
    // A draft never looks final: the mark across every page, no signature.
    const marks = await readPdf(stack, `/api/quotations/${quotationId}/pdf`, sales, 'marks');
    expect(marks.match(/KONSEP—BELUMDISETUJUI/g)?.length).toBe(pages.length);
    expect(flat).toContain('Konsep penawaran: belum disetujui, tidak untuk ditandatangani.');
    expect(flat).not.toContain('Hormat kami');

    const summary = await pdfText(`/api/quotations/${quotationId}/calculation.pdf`);
    // The matrix's heading says rupiah; its cells carry the amounts alone.
    for (const p of calc.positions) {
      expect(summary).toContain(formatRupiah(p.hpp.subtotal, 2).replace('Rp ', ''));
      expect(summary).toContain(formatRupiah(p.coss.wage, 2).replace('Rp ', ''));
    }
    expect(summary).toContain(formatRupiah(calc.hpp.grandTotal, 2));
    // The same version is rendered once.
    await pdfText(`/api/quotations/${quotationId}/pdf`);
    expect(
      await stack
        .knex('rendered_documents')
        .where({ owner_type: 'quotation', owner_id: quotationId })
        .count({ n: '*' }),
    ).toEqual([{ n: '2' }]);
  });
});

describe('submission and approval', () => {
  const decide = (token: string, body: object) =>
    stack.request('POST', `/api/quotations/${quotationId}/decisions`, { token, body });

  it('needs both directors for a 14-day term; a rejection returns it to draft; racing approvers decide once', async () => {
    const dirSales = await stack.tokenFor('dir_sales');
    const dirFinance = await stack.tokenFor('dir_finance');
    const dirFinance2 = await stack.tokenFor('dir_finance');
    expect((await decide(dirSales.token, { decision: 'approve' })).status).toBe(409); // nothing submitted yet

    const submitted = await stack.request('POST', `/api/quotations/${quotationId}/submit`, { token: sales });
    expect({ status: submitted.status, problem: submitted.status === 200 ? null : submitted.body }).toEqual({
      status: 200,
      problem: null,
    });
    expect(submitted.body).toMatchObject({
      status: 'submitted',
      submission: 1,
      pendingLevel: 1,
      pendingRole: 'dir_sales',
    });
    expect((await stack.request('POST', `/api/quotations/${quotationId}/submit`, { token: sales })).status).toBe(409);
    await smtp.waitFor(
      (m) => m.envelope.includes(dirSales.user.email) && m.mail.subject!.startsWith('Approval needed'),
      'approval request to the Director of Sales',
    );
    const pending = await stack.request('GET', '/api/approvals/pending', { token: dirSales.token });
    expect(pending.body.data.map((q: { id: number }) => q.id)).toContain(quotationId);
    expect((await stack.request('GET', '/api/approvals/pending', { token: dirFinance.token })).body.data).toEqual([]);

    expect((await decide(dirFinance.token, { decision: 'approve' })).status).toBe(403); // level 1 is not finance's
    expect((await decide(sales, { decision: 'approve' })).status).toBe(403);
    const noNote = await decide(dirSales.token, { decision: 'reject' });
    expect(noNote.status).toBe(422);
    expect(noNote.body.errors[0].field).toBe('note');
    const rejected = await decide(dirSales.token, { decision: 'reject', note: 'Management fee too low' });
    // A rejected offer is no offer: no customer PDF; the calculation summary stays for staff, marked.
    const refusedPdf = await stack.request('GET', `/api/quotations/${quotationId}/pdf`, { token: sales });
    expect([refusedPdf.status, refusedPdf.body.detail]).toEqual([409, expect.stringContaining('was rejected')]);
    expect(await readPdf(stack, `/api/quotations/${quotationId}/calculation.pdf`, sales, 'marks')).toContain('DITOLAK');
    expect(rejected.body).toMatchObject({
      status: 'draft',
      statusReason: 'Management fee too low',
      pendingLevel: null,
    });
    const rejectionMail = await smtp.waitFor(
      (m) => m.envelope.includes(salesUser.email) && m.mail.subject!.endsWith('rejected'),
      'rejection to the author',
    );
    expect(rejectionMail.mail.text).toContain('Note: Management fee too low');

    // The same events arrive in-app: the author's rejection notice, readable once, and only by the author.
    const inbox = await stack.request('GET', '/api/notifications?module=quotation', { token: sales });
    const rejection = inbox.body.data.find((n: { event: string }) => n.event === 'decided');
    expect(rejection).toMatchObject({
      documentId: quotationId,
      isRead: false,
      message: expect.stringContaining('rejected'),
    });
    expect(inbox.body.unread).toBe(
      (await stack.request('GET', '/api/notifications/unread-count', { token: sales })).body.unread,
    );
    expect(
      (await stack.request('POST', `/api/notifications/${rejection.id}/read`, { token: dirSales.token })).status,
    ).toBe(404);
    expect((await stack.request('POST', `/api/notifications/${rejection.id}/read`, { token: sales })).status).toBe(204);
    expect(
      (await stack.request('GET', '/api/notifications?isRead=false', { token: sales })).body.data.map(
        (n: { id: number }) => n.id,
      ),
    ).not.toContain(rejection.id);
    expect((await stack.request('GET', '/api/notifications?limit=500', { token: sales })).body.errors[0].field).toBe(
      'limit',
    );

    const again = await stack.request('POST', `/api/quotations/${quotationId}/submit`, { token: sales });
    expect(again.body).toMatchObject({ status: 'submitted', submission: 2, pendingLevel: 1 });
    const board = await stack.request('GET', '/api/approvals/dashboard?list=waiting-for-you', {
      token: dirSales.token,
    });
    expect(board.body.counts).toMatchObject({ waitingForYou: 1, waitingApproval: 1 });
    expect(board.body.pendingPerLevel).toEqual([{ level: 1, role: 'dir_sales', count: 1 }]);
    expect(board.body.list.data.map((q: { id: number }) => q.id)).toEqual([quotationId]);
    expect((await stack.request('GET', '/api/approvals/dashboard', { token: sales })).body.counts).toMatchObject({
      waitingForYou: 0,
      waitingApproval: 1,
    });
    const first = await decide(dirSales.token, { decision: 'approve', note: 'OK' });
    expect(first.body).toMatchObject({ status: 'submitted', pendingLevel: 2, pendingRole: 'dir_finance' });
    await smtp.waitFor(
      (m) => m.envelope.includes(dirFinance.user.email) && m.mail.subject!.startsWith('Approval needed'),
      'approval request to the Director of Finance',
    );

    const race = await Promise.all([
      decide(dirFinance.token, { decision: 'approve' }),
      decide(dirFinance2.token, { decision: 'approve' }),
    ]);
    expect(race.map((r) => r.status).sort()).toEqual([200, 409]);
    const approved = await stack.request('GET', `/api/quotations/${quotationId}`, { token: sales });
    expect(approved.body).toMatchObject({ status: 'approved', pendingLevel: null });
    // Approved, the offer is signed and cites who approved it at each level; no mark.
    const final = (await readPdf(stack, `/api/quotations/${quotationId}/pdf`, sales)).replace(/\s+/g, ' ');
    expect(await readPdf(stack, `/api/quotations/${quotationId}/pdf`, sales, 'marks')).not.toContain('KONSEP');
    expect(final).toContain('Hormat kami');
    expect(final).toMatch(/Disetujui: Level 1 \S.*\(.+, \d{1,2} \w+ \d{4} \d\d:\d\d WIB\); Level 2 /);
    await smtp.waitFor(
      (m) => m.envelope.includes(salesUser.email) && m.mail.subject!.endsWith(' approved'),
      'approval to the author',
    );

    const log = await stack.request('GET', `/api/quotations/${quotationId}/approvals`, { token: sales });
    expect(
      log.body.data.map(
        (e: { submission: number; level: number; event: string }) => `${e.submission}:${e.level}:${e.event}`,
      ),
    ).toEqual(['1:1:pending', '1:1:rejected', '2:1:pending', '2:1:approved', '2:2:pending', '2:2:approved']);
    const handle = stack.temporal.workflow.getHandle(quotationWorkflowId(quotationId));
    expect((await handle.describe()).typedSearchAttributes.get(LifecycleStatus)).toBe('approved');
    // The run's history is the audit trail: every command is an accepted Update in it.
    const accepted = ((await handle.fetchHistory()).events ?? [])
      .map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name)
      .filter(Boolean);
    expect(accepted.filter((n) => n === 'saveStep').length).toBeGreaterThanOrEqual(12);
    expect(accepted.filter((n) => n === 'submit')).toHaveLength(2);
    // Three decisions applied; the racing approver's refused one is in the history only when it arrived before the
    // winner's was applied (after that, the validator refuses it before it enters).
    expect(accepted.filter((n) => n === 'decide').length).toBeGreaterThanOrEqual(3);
    expect(accepted.filter((n) => n === 'decide').length).toBeLessThanOrEqual(4);
    expect((await put(11, { clauses: [], reviewed: true })).status).toBe(409); // no edits once approved
  });
});

describe('versions', () => {
  it('makes one revision of five asked for at once', async () => {
    const { quotationId: id } = await approvedQuotation(stack, sales);
    const asked = await Promise.all(
      Array.from({ length: 5 }, () =>
        stack.request('POST', '/api/quotations', { token: sales, body: { type: 'revisi', referenceQuotationId: id } }),
      ),
    );
    expect(asked.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(await stack.knex('quotations').where({ parent_quotation_id: id }).count({ n: '*' })).toEqual([{ n: '1' }]);
  });

  it('revises an approved quotation, copies a site, shows the differences, and supersedes the original on approval', async () => {
    const original = (await stack.request('GET', `/api/quotations/${quotationId}`, { token: sales })).body;
    const revision = await stack.request('POST', '/api/quotations', {
      token: sales,
      body: { type: 'revisi', referenceQuotationId: quotationId },
    });
    expect(revision.status).toBe(201);
    expect(revision.body).toMatchObject({
      type: 'revisi',
      number: `${original.number}-R1`,
      parentQuotationId: quotationId,
      revision: 1,
      step: 100,
      status: 'draft',
    });
    const revisedId = revision.body.id;
    // One revision in the making at a time: the second is refused, naming the open one.
    const second = await stack.request('POST', '/api/quotations', {
      token: sales,
      body: { type: 'revisi', referenceQuotationId: quotationId },
    });
    expect([second.status, second.body.errors[0]]).toEqual([
      409,
      { field: 'referenceQuotationId', message: `revision ${original.number}-R1 (id ${revisedId}) is draft` },
    ]);
    const same = await stack.request('GET', `/api/quotations/${quotationId}/diff/${revisedId}`, { token: sales });
    expect(same.body).toMatchObject({ steps: [], totals: [] });

    const badCopy = await stack.request('POST', `/api/quotations/${revisedId}/copy`, {
      token: sales,
      body: { fromSiteKey: 'nowhere', toSiteKey: 'jkt' },
    });
    expect(badCopy.status).toBe(422);
    expect(badCopy.body.errors[0].field).toBe('fromSiteKey');
    const copied = await stack.request('POST', `/api/quotations/${revisedId}/copy`, {
      token: sales,
      body: { fromSiteKey: 'bks', toSiteKey: 'jkt' },
    });
    expect(copied.status).toBe(200);
    const layout = (await stack.request('GET', `/api/quotations/${revisedId}/steps/3`, { token: sales })).body.data;
    expect(layout.positions.map((p: { key: string; siteKey: string }) => `${p.key}:${p.siteKey}`)).toEqual([
      'g-bks:bks',
      'c-bks:bks',
      'g-jkt:jkt',
      'g-bks@jkt:jkt',
      'c-bks@jkt:jkt',
    ]);
    const changes = await stack.request('GET', `/api/quotations/${quotationId}/diff/${revisedId}`, { token: sales });
    expect(changes.body.steps.map((c: { path: string }) => c.path)).toEqual(
      expect.arrayContaining(['3.positions.3', '4.positions.3', '8.devices.1']),
    );
    expect(changes.body.totals.map((c: { path: string }) => c.path)).toContain('coss.grandTotal');

    expect((await stack.request('POST', `/api/quotations/${revisedId}/submit`, { token: sales })).status).toBe(200);
    const dirSales = (await stack.tokenFor('dir_sales')).token;
    const dirFinance = (await stack.tokenFor('dir_finance')).token;
    expect(
      (
        await stack.request('POST', `/api/quotations/${revisedId}/decisions`, {
          token: dirSales,
          body: { decision: 'approve' },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await stack.request('POST', `/api/quotations/${revisedId}/decisions`, {
          token: dirFinance,
          body: { decision: 'approve' },
        })
      ).body.status,
    ).toBe('approved');

    let superseded: { status: string; supersededByQuotationId: number; statusReason: string } | undefined;
    for (let i = 0; i < 100 && superseded?.status !== 'superseded'; i++) {
      superseded = (await stack.request('GET', `/api/quotations/${quotationId}`, { token: sales })).body;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(superseded).toMatchObject({
      status: 'superseded',
      supersededByQuotationId: revisedId,
      statusReason: `superseded by ${original.number}-R1`,
    });
    expect(await stack.temporal.workflow.getHandle(quotationWorkflowId(quotationId)).result()).toBe('superseded');
    const again = await stack.request('POST', '/api/quotations', {
      token: sales,
      body: { type: 'revisi', referenceQuotationId: quotationId },
    });
    expect(again.status).toBe(409);

    const renewal = await stack.request('POST', '/api/quotations', {
      token: sales,
      body: { type: 'rekontrak', referenceQuotationId: revisedId },
    });
    expect(renewal.body).toMatchObject({
      type: 'rekontrak',
      step: 1,
      contractKind: 'PKWT',
      parentQuotationId: revisedId,
    });
    expect(renewal.body.number).not.toContain('-R');
    expect(
      (await stack.request('GET', `/api/quotations/${renewal.body.id}/steps/2`, { token: sales })).body.data,
    ).toBeNull();
    expect(
      (await stack.request('GET', `/api/quotations/${renewal.body.id}/steps/3`, { token: sales })).body.data.sites,
    ).toHaveLength(2);
    // Changing the contract kind drops the wages of step 4, which must be entered again.
    expect(
      (await stack.request('GET', `/api/quotations/${renewal.body.id}/steps/4`, { token: sales })).body.data,
    ).not.toBeNull();
    const daily = await stack.request('PUT', `/api/quotations/${renewal.body.id}/steps/1`, {
      token: sales,
      body: { contractKind: 'PKHL' },
    });
    expect(daily.body).toMatchObject({ contractKind: 'PKHL', step: 1 });
    expect(
      (await stack.request('GET', `/api/quotations/${renewal.body.id}/steps/4`, { token: sales })).body.data,
    ).toBeNull();
    const addendum = await stack.request('POST', '/api/quotations', {
      token: sales,
      body: { type: 'addendum', referenceQuotationId: revisedId },
    });
    expect(addendum.body).toMatchObject({ type: 'addendum', step: 2 });
    expect(
      (await stack.request('GET', `/api/quotations/${addendum.body.id}/steps/3`, { token: sales })).body.data,
    ).toBeNull();
    const missingReference = await stack.request('POST', '/api/quotations', { token: sales, body: { type: 'revisi' } });
    expect(missingReference.body.errors[0].field).toBe('referenceQuotationId');
  });
});

// Saves step 4 of quotation `id` with these positions' pay, a 10 % fee on wages and BPJS, PPN on the fee.
const saveWages = (id: number, positions: object[], extra: object = {}) =>
  stack.request('PUT', `/api/quotations/${id}/steps/4`, {
    token: sales,
    body: { positions, managementFee: { base: 7, percent: 10 }, ppn: true, taxBasis: 'management_fee', ...extra },
  });

// A new draft quotation for a new lead, with steps 1..`until` saved (two guard positions, TWO_SITES).
async function draftQuotation(until: number, period?: { start: string; end: string }): Promise<number> {
  const gsu = (await stack.knex('entities').where({ code: 'GSU' }).first()).id;
  const lead = await stack.createLead(sales);
  const created = await stack.request('POST', '/api/quotations', {
    token: sales,
    body: { leadId: lead.id, entityId: gsu },
  });
  const id = created.body.id as number;
  if (until > 0) await fillSteps(stack, sales, id, { positionId: ids.guard, until, period });
  return id;
}

describe('a daily-paid (PKHL) quotation', () => {
  it('multiplies the daily wage by the quotation’s own working days, else the configured 21, and shows which', async () => {
    const id = await draftQuotation(3);
    expect(
      (await stack.request('PUT', `/api/quotations/${id}/steps/1`, { token: sales, body: { contractKind: 'PKHL' } }))
        .status,
    ).toBe(200);
    const daily = (key: string) => bareWage(key, { wage: { basis: 'umk', dailyWage: 200000 } });
    const step4 = (workingDaysPerMonth?: number | null) =>
      saveWages(id, [daily('g1'), daily('g2')], {
        ...(workingDaysPerMonth === undefined ? {} : { workingDaysPerMonth }),
      });
    const calculation = async () =>
      (await stack.request('GET', `/api/quotations/${id}/calculation`, { token: sales })).body;

    expect((await step4(25)).status).toBe(200);
    // 200,000 a day × 25 days = 5,000,000 a month.
    expect(await calculation()).toMatchObject({ workingDaysPerMonth: 25, positions: [{ hpp: { wage: 5000000 } }, {}] });
    expect((await step4(null)).status).toBe(200);
    // The deployment's WORKING_DAYS_PER_MONTH (21): 200,000 × 21 = 4,200,000.
    expect(await calculation()).toMatchObject({ workingDaysPerMonth: 21, positions: [{ hpp: { wage: 4200000 } }, {}] });

    const before = await stack.knex('quotation_steps').where({ quotation_id: id, step: 4 }).first();
    for (const bad of [0, 32, 21.5, 'many']) {
      const refused = await step4(bad as number);
      expect(refused.status).toBe(422);
      expect(refused.body.errors[0].field).toBe('workingDaysPerMonth');
    }
    expect(await stack.knex('quotation_steps').where({ quotation_id: id, step: 4 }).first()).toEqual(before);
  });
});

describe('pricing policy', () => {
  it('prices on the upah with fixed allowances under the statutory policy, and says which policy priced it', async () => {
    // The catalogue's meal allowance (300,000) becomes a fixed allowance for the quotations made from now on.
    const meal = (await stack.knex('allowances').where({ name: 'Uang makan' }).first()).id;
    const patched = await stack.request('PATCH', `/api/master/allowances/${meal}`, {
      token: admin,
      body: { isFixed: true },
    });
    expect(patched.body.isFixed).toBe(true);
    const id = await draftQuotation(3);
    const umk = (key: string) => pay(key, { basis: 'umk' });
    const priceUnder = async (pricingPolicy?: string) => {
      const saved = await saveWages(id, [umk('g1'), umk('g2')], pricingPolicy ? { pricingPolicy } : {});
      expect(saved.status).toBe(200);
      return (await stack.request('GET', `/api/quotations/${id}/calculation`, { token: sales })).body;
    };
    const byDefault = await priceUnder();
    const statutory = await priceUnder('statutory');
    expect([byDefault.pricingPolicy, statutory.pricingPolicy]).toEqual(['minimum-wage', 'statutory']);
    // The upah is the UMK + 300,000: JHT 3.7 % × 300,000 = 11,100 more, Kesehatan 4 % × 300,000 = 12,000 more,
    // THR 300,000 / 12 = 25,000 more per person.
    const [before, after] = [byDefault, statutory].map((c) => c.positions[0].coss);
    expect(after.allowances).toBe(300000);
    expect(Math.round((after.jht - before.jht) * 100) / 100).toBe(11100);
    expect(Math.round((after.bpjsKes - before.bpjsKes) * 100) / 100).toBe(12000);
    expect(Math.round((after.thr - before.thr) * 100) / 100).toBe(25000);
    // A revision priced under the other policy: the diff between the versions names the policy.
    const revision = await stack.request('POST', '/api/quotations', {
      token: sales,
      body: { type: 'revisi', referenceQuotationId: id },
    });
    expect((await saveWages(revision.body.id, [umk('g1'), umk('g2')], { pricingPolicy: 'minimum-wage' })).status).toBe(
      200,
    );
    const versions = await stack.request('GET', `/api/quotations/${id}/diff/${revision.body.id}`, { token: sales });
    expect(versions.body.totals).toContainEqual({ path: 'pricingPolicy', before: 'statutory', after: 'minimum-wage' });

    const refused = await saveWages(id, [umk('g1'), umk('g2')], { pricingPolicy: 'generous' });
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0].field).toBe('pricingPolicy');
  });
});

describe('dated statutory parameters', () => {
  const engineer = (key: string) => bareWage(key, { wage: { basis: 'custom', amount: 14500000 } });
  const priced = async (id: number) => {
    const calc = (await stack.request('GET', `/api/quotations/${id}/calculation`, { token: sales })).body;
    return { asOf: calc.asOf, jp: calc.positions[0].coss.jp, kes: calc.positions[0].coss.bpjsKes };
  };

  it('prices JP on the 2025 cap until February 2026 and on the 2026 cap (Rp 11,086,300) from 1 March 2026', async () => {
    const february = await draftQuotation(3, { start: '2026-02-15', end: '2027-02-14' });
    const march = await draftQuotation(3, { start: '2026-03-15', end: '2027-03-14' });
    for (const id of [february, march])
      expect((await saveWages(id, [engineer('g1'), engineer('g2')], { pricingPolicy: 'statutory' })).status).toBe(200);
    // A wage of 14,500,000 is above both caps: JP (employer 2 %) is 2 % of the cap in force on the start date.
    expect(await priced(february)).toEqual({ asOf: '2026-02-15', jp: 210948, kes: 480000 }); // 2 % × 10,547,400
    expect(await priced(march)).toEqual({ asOf: '2026-03-15', jp: 221726, kes: 480000 }); // 2 % × 11,086,300
    const cap = await stack.request('GET', '/api/master/statutory-rates?code=bpjs_jp_wage_cap&asOf=2026-03-15', {
      token: sales,
    });
    expect(cap.body.data).toEqual([
      expect.objectContaining({
        value: 11086300,
        validFrom: '2026-03-01',
        note: expect.stringContaining('B/1226/022026'),
      }),
    ]);
  });

  it('prices with the JP and Kesehatan wage caps in force on the quotation’s start date', async () => {
    // Caps recorded for the test three years ahead (illustrative values, not a decree), so no real cap interferes.
    const year = thisYear() + 3;
    for (const [code, value, validFrom] of [
      ['bpjs_jp_wage_cap', 11500000, `${year}-01-01`],
      ['bpjs_kesehatan_wage_cap', 13500000, `${year}-01-01`],
      ['bpjs_jp_wage_cap', 12000000, `${year}-03-01`],
      ['bpjs_kesehatan_wage_cap', 14000000, `${year}-03-01`],
    ] as const) {
      const recorded = await stack.request('POST', '/api/master/statutory-rates', {
        token: admin,
        body: { code, description: code, value, unit: 'idr', validFrom, basis: 'test' },
      });
      expect(recorded.status).toBe(201);
    }
    const id = await draftQuotation(3, { start: `${year}-02-01`, end: `${year + 1}-01-31` });
    expect((await saveWages(id, [engineer('g1'), engineer('g2')], { pricingPolicy: 'statutory' })).status).toBe(200);
    // Before March: JP 2 % × 11,500,000 = 230,000; Kesehatan 4 % × 13,500,000 = 540,000.
    expect(await priced(id)).toEqual({ asOf: `${year}-02-01`, jp: 230000, kes: 540000 });
    const moved = await stack.request('PUT', `/api/quotations/${id}/steps/2`, {
      token: sales,
      body: {
        startDate: `${year}-03-01`,
        endDate: lastDayOf(`${year + 1}-02`),
        duration: { value: 12, unit: 'bulan' },
        salaryRuleId: 1,
        top: { kind: 'days', days: 7 },
      },
    });
    expect(moved.status).toBe(200);
    // From 1 March: JP 2 % × 12,000,000 = 240,000; Kesehatan 4 % × 14,000,000 = 560,000.
    expect(await priced(id)).toEqual({ asOf: `${year}-03-01`, jp: 240000, kes: 560000 });
  });
});

describe('analyst inputs', () => {
  it('takes hourly wages, separate HPP amounts and hand-entered amounts, and lists who entered them', async () => {
    const id = await draftQuotation(3);
    const position = (key: string, extra: object = {}) =>
      bareWage(key, {
        wage: { basis: 'custom', amount: 30000, per: 'hour' },
        thr: { mode: 'manual', amount: 450000, amountHpp: 400000 },
        ...extra,
      });
    const save = (positions: object[]) => saveWages(id, positions);
    expect((await save([position('g1', { overrides: { bpjsKes: 150000 } }), position('g2')])).status).toBe(200);
    const calc = (await stack.request('GET', `/api/quotations/${id}/calculation`, { token: sales })).body;
    // 30,000 an hour × 173 hours = 5,190,000 a month.
    expect(calc.positions[0].coss).toMatchObject({ wage: 5190000, thr: 450000, bpjsKes: 150000 });
    expect(calc.positions[0].hpp).toMatchObject({ thr: 400000, bpjsKes: 150000 });
    expect(calc.overrides).toEqual([
      {
        positionKey: 'g1',
        field: 'bpjsKes',
        amount: 150000,
        setBy: expect.stringContaining('sales'),
        setAt: expect.any(String),
      },
    ]);

    for (const [bad, field] of [
      [position('g1', { overrides: { lunch: 1 } }), 'positions.0.overrides.lunch'],
      [position('g1', { wage: { basis: 'custom', amount: 1, per: 'week' } }), 'positions.0.wage.per'],
    ] as const) {
      const refused = await save([bad, position('g2')]);
      expect(refused.status).toBe(422);
      expect(refused.body.errors[0].field).toBe(field);
    }
  });
});

describe('default quantities', () => {
  it('keeps an item’s default quantity per service line and suggests steps 7–9 from them', async () => {
    const quantity = (serviceLineId: number, body?: object, method = 'PUT') =>
      stack.request(method, `/api/master/items/${ids.uniform}/quantities/${serviceLineId}`, { token: admin, body });
    expect((await quantity(1, { quantity: 3 })).body).toMatchObject({
      itemId: ids.uniform,
      serviceLineId: 1,
      quantity: 3,
    });
    expect((await quantity(1, { quantity: 2 })).body.quantity).toBe(2);
    expect((await quantity(999, { quantity: 1 })).body.errors[0].field).toBe('serviceLineId');
    expect((await quantity(1, { quantity: -1 })).body.errors[0].field).toBe('quantity');
    const salesTry = await stack.request('PUT', `/api/master/items/${ids.uniform}/quantities/1`, {
      token: sales,
      body: { quantity: 9 },
    });
    expect(salesTry.status).toBe(403);
    const listed = await stack.request('GET', `/api/master/items/${ids.uniform}/quantities`, { token: sales });
    expect(listed.body.data).toEqual([expect.objectContaining({ serviceLineId: 1, quantity: 2 })]);

    const id = await draftQuotation(0);
    expect((await stack.request('GET', `/api/quotations/${id}/steps/7/suggestion`, { token: sales })).status).toBe(409);
    await fillSteps(stack, sales, id, { positionId: ids.guard, until: 6 });
    const suggestion = await stack.request('GET', `/api/quotations/${id}/steps/7/suggestion`, { token: sales });
    // Both guard positions (service line 1) get two uniforms each.
    expect(suggestion.body).toEqual({
      step: 7,
      data: {
        kaporlap: [
          { positionKey: 'g1', itemId: ids.uniform, quantity: 2 },
          { positionKey: 'g2', itemId: ids.uniform, quantity: 2 },
        ],
      },
    });
    // Saved as suggested.
    const saved = await stack.request('PUT', `/api/quotations/${id}/steps/7`, {
      token: sales,
      body: suggestion.body.data,
    });
    expect(saved.status).toBe(200);
    expect(
      (await stack.request('GET', `/api/quotations/${id}/steps/8/suggestion`, { token: sales })).body.data,
    ).toEqual({
      devices: [],
    });
    expect((await stack.request('GET', `/api/quotations/${id}/steps/10/suggestion`, { token: sales })).status).toBe(
      422,
    );

    expect((await quantity(1, undefined, 'DELETE')).status).toBe(204);
    expect((await quantity(1, undefined, 'DELETE')).status).toBe(404);
  });
});
