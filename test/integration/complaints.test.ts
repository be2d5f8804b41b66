// Complaints about an active contract over HTTP: recorded by those who follow it, each one a run that takes its
// resolution as an Update; bad input, the wrong role, a second resolution and an ended contract are refused.
import ExcelJS from 'exceljs';
import { complaintWorkflowId } from '../../workflows/complaint-contract';
import { inDays, inYear } from '../support/calendar';
import { activeContract } from '../support/contracts';
import { approvedQuotation } from '../support/quotations';
import { Stack } from '../support/stack';
import { until } from '../support/until';

let stack: Stack;

beforeAll(async () => {
  stack = await Stack.start();
});

afterAll(() => stack?.stop());

async function workbook(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.addWorksheet('absensi').addRow(['tanggal', 'hadir']);
  return Buffer.from(await book.xlsx.writeBuffer());
}

async function upload(token: string, purpose: string, name: string): Promise<number> {
  const form = new FormData();
  // Uploads are typed by content: give each file the bytes its name promises.
  const content = name.endsWith('.xlsx') ? await workbook() : Buffer.from('%PDF-1.4 evidence');
  form.append('files', new Blob([content]), name);
  const response = await fetch(`${stack.baseUrl}/api/files?purpose=${purpose}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
    body: form,
  });
  return ((await response.json()) as { data: Array<{ id: number }> }).data[0].id;
}

it('records, lists and resolves a complaint through its run', async () => {
  const sales = (await stack.tokenFor('sales')).token;
  const crm = (await stack.tokenFor('crm_manager')).token;
  const pks = await activeContract(stack, await approvedQuotation(stack, sales), sales, crm, {
    start: inYear(-1, '01-01'),
    end: inYear(4, '12-31'),
  });
  const count = async () => Number((await stack.knex('pks_complaints').count({ n: '*' }))[0].n);
  const raise = (token: string, body: object) =>
    stack.request('POST', `/api/pks/${pks.id}/complaints`, { token, body });

  const bad = await raise(sales, { title: '', type: 'Gosip', description: 'x' });
  expect(bad.status).toBe(422);
  expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['title', 'type']);
  const sheet = await upload(sales, 'email', 'absensi.xlsx'); // e-mails take spreadsheets, complaints do not
  const wrongFile = await raise(sales, {
    title: 'Guard tidur',
    type: 'Personel',
    description: 'Malam hari',
    fileIds: [sheet],
  });
  expect(wrongFile.status).toBe(422);
  expect(wrongFile.body.errors[0].field).toBe('fileIds.0');
  const stranger = (await stack.tokenFor('sales')).token;
  expect((await raise(stranger, { title: 'x', type: 'Layanan', description: 'x' })).status).toBe(404);
  expect(await count()).toBe(0);
  const first = await raise(sales, { title: 'Guard tidur', type: 'Personel', description: 'Malam hari' });
  expect(first.status).toBe(201);

  const evidence = await upload(sales, 'complaint', 'bukti.pdf');
  const created = await raise(sales, {
    title: 'Pos jaga kosong',
    type: 'Kehadiran',
    collaborator: 'Pak Joko (GA)',
    description: 'Shift malam 12 Nov tidak ada guard',
    fileIds: [evidence],
  });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ status: 'open', escalations: 0, pksId: pks.id });
  expect(Date.parse(created.body.slaDueAt) - Date.now()).toBeGreaterThan(47 * 3600 * 1000);
  const view = (await stack.request('GET', `/api/complaints/${created.body.id}`, { token: crm })).body;
  expect(view).toMatchObject({
    collaborator: 'Pak Joko (GA)',
    files: [expect.objectContaining({ id: evidence, originalName: 'bukti.pdf' })],
  });
  expect(
    (await fetch(`${stack.baseUrl}/api/files/${evidence}`, { headers: { Authorization: `Bearer ${crm}` } })).status,
  ).toBe(200);
  expect((await stack.request('GET', `/api/complaints/${created.body.id}`, { token: stranger })).status).toBe(404);
  expect(
    (await stack.request('GET', `/api/pks/${pks.id}/complaints?status=open`, { token: sales })).body.data.map(
      (c: { id: number }) => c.id,
    ),
  ).toEqual([created.body.id, first.body.id]);

  const resolve = (token: string, body: object) =>
    stack.request('POST', `/api/complaints/${created.body.id}/resolve`, { token, body });
  expect((await resolve(crm, {})).body.errors[0].field).toBe('resolution');
  expect((await resolve(sales, { resolution: 'x' })).status).toBe(403);
  const resolved = await resolve(crm, { resolution: 'Guard pengganti ditempatkan' });
  expect(resolved.body).toMatchObject({ status: 'resolved', resolution: 'Guard pengganti ditempatkan', version: 2 });
  expect((await resolve(crm, { resolution: 'again' })).status).toBe(409);
  expect(await stack.temporal.workflow.getHandle(complaintWorkflowId(created.body.id)).result()).toBe('resolved');
  // Notices go out through the outbox, a moment after the run.
  const notices = (
    await until(
      () => stack.request('GET', '/api/notifications?module=complaint', { token: sales }),
      (r) => r.body.data.length > 0,
      'the resolution notice',
    )
  ).body.data;
  expect(notices.map((n: { event: string; documentId: number }) => [n.event, n.documentId])).toEqual([
    ['resolved', created.body.id],
  ]);

  // An ended contract takes no new complaints.
  await stack.request('POST', `/api/pks/${pks.id}/terminate`, {
    token: crm,
    body: { effectiveDate: inDays(-7), reason: 'Selesai' },
  });
  expect((await raise(sales, { title: 'x', type: 'Layanan', description: 'x' })).status).toBe(409);
});
