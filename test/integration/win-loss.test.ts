// Win/loss (issue 16): an open quotation is closed as lost or declined with a reason from the list (and the
// competitor where the reason needs one); its run completes; the conversion report counts it and the loss-reason
// report (JSON and XLSX) says why and to whom.
import ExcelJS from 'exceljs';
import { jakartaYearMonth } from '../../src/domain/jakarta-time';
import { quotationWorkflowId } from '../../workflows/quotation-contract';
import { approvedQuotation } from '../support/quotations';
import { Stack } from '../support/stack';
import { until } from '../support/until';

let stack: Stack;
let sales: string;
let salesUserId: number;
let reasons: Array<{ id: number; code: string; name: string; needsCompetitor: boolean }>;
const { year } = jakartaYearMonth(new Date());

beforeAll(async () => {
  stack = await Stack.start();
  const login = await stack.tokenFor('sales');
  sales = login.token;
  salesUserId = login.user.id;
  reasons = (await stack.request('GET', '/api/options/loss-reasons', { token: sales })).body.data;
});

afterAll(() => stack?.stop());

const reason = (code: string) => reasons.find((r) => r.code === code)!.id;
const closeLost = (id: number, body: Record<string, unknown>) =>
  stack.request('POST', `/api/quotations/${id}/lost`, { token: sales, body });

async function draftQuotation(): Promise<number> {
  const lead = await stack.createLead(sales);
  const gsu = (await stack.knex('entities').where({ code: 'GSU' }).first()).id;
  const created = await stack.request('POST', '/api/quotations', {
    token: sales,
    body: { leadId: lead.id, entityId: gsu },
  });
  return created.body.id;
}

it('lists the loss reasons, naming those that need a competitor', () => {
  expect(reasons.map((r) => r.code)).toEqual([
    'price',
    'competitor',
    'in_house',
    'budget',
    'terms',
    'scope',
    'no_response',
    'other',
  ]);
  expect(reasons.filter((r) => r.needsCompetitor).map((r) => r.code)).toEqual(['competitor']);
});

it('closes an offered quotation as lost to a competitor, after refusing what the reason lacks', async () => {
  const { quotationId } = await approvedQuotation(stack, sales);
  const refusals: Array<[Record<string, unknown>, string[]]> = [
    [{}, ['lossReasonId']],
    [{ lossReasonId: 999 }, ['lossReasonId']],
    [{ lossReasonId: reason('competitor') }, ['competitor']],
    [{ lossReasonId: reason('other') }, ['note']],
    [{ lossReasonId: reason('price'), kind: 'won' }, ['kind']],
  ];
  for (const [body, fields] of refusals) {
    const answer = await closeLost(quotationId, body);
    expect([answer.status, answer.body.errors.map((e: { field: string }) => e.field)]).toEqual([422, fields]);
  }
  expect((await stack.request('GET', `/api/quotations/${quotationId}`, { token: sales })).body.status).toBe('approved');

  const lost = await closeLost(quotationId, {
    lossReasonId: reason('competitor'),
    competitor: 'PT Perisai Nusantara',
    note: 'their fee is 2 % lower',
  });
  expect(lost.status).toBe(200);
  expect(lost.body).toMatchObject({
    status: 'lost',
    statusReason: 'Kalah: Memilih kompetitor (PT Perisai Nusantara)',
  });
  expect((await closeLost(quotationId, { lossReasonId: reason('price') })).status).toBe(409);
  // The run ends a moment after the Update answers.
  await until(
    () => stack.temporal.workflow.getHandle(quotationWorkflowId(quotationId)).describe(),
    (run) => run.status.name === 'COMPLETED',
    'the quotation run completed',
  );
  expect(await stack.knex('quotation_outcomes').where({ quotation_id: quotationId })).toEqual([
    expect.objectContaining({ kind: 'lost', competitor: 'PT Perisai Nusantara', decided_by: salesUserId }),
  ]);
});

it('closes a draft the customer declined; the reports count both and say why', async () => {
  const id = await draftQuotation();
  const declined = await closeLost(id, { kind: 'declined', lossReasonId: reason('budget') });
  expect(declined.body).toMatchObject({
    status: 'lost',
    statusReason: 'Ditolak pelanggan: Anggaran pelanggan tidak tersedia',
  });

  const conversion = await stack.request('GET', `/api/sales-reports/quotation-conversion?year=${year}`, {
    token: sales,
  });
  const mine = conversion.body.rows.find((r: { salesUserId: number }) => r.salesUserId === salesUserId);
  // Two made: the offered one (submitted, approved, then lost) and the declined draft; none won.
  expect(mine).toMatchObject({ created: 2, submitted: 1, approved: 1, converted: 0, lost: 1, declined: 1, winRate: 0 });

  const report = await stack.request('GET', `/api/sales-reports/loss-reasons?year=${year}`, { token: sales });
  expect(report.body.reasons).toEqual([
    expect.objectContaining({ reason: 'Memilih kompetitor', lost: 1, declined: 0, total: 1, share: 50 }),
    expect.objectContaining({ reason: 'Anggaran pelanggan tidak tersedia', lost: 0, declined: 1, total: 1, share: 50 }),
  ]);
  expect(report.body.reasons[0].monthlyInvoice).toBeGreaterThan(0); // the priced offer
  expect(report.body.reasons[1].monthlyInvoice).toBe(0); // a draft never priced
  expect(report.body.competitors).toEqual([{ competitor: 'PT Perisai Nusantara', total: 1 }]);

  const response = await fetch(`${stack.baseUrl}/api/sales-reports/loss-reasons?year=${year}&format=xlsx`, {
    headers: { Authorization: `Bearer ${sales}` },
  });
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await response.arrayBuffer());
  const [byReason, competitors] = workbook.worksheets;
  expect(byReason.getRow(1).getCell(1).value).toBe('Alasan');
  expect(byReason.getRow(2).getCell(1).value).toBe('Memilih kompetitor');
  expect(typeof byReason.getRow(2).getCell(4).value).toBe('number');
  expect(typeof byReason.getRow(2).getCell(6).value).toBe('number');
  expect(competitors.getRow(2).getCell(1).value).toBe('PT Perisai Nusantara');
});
