// Fulfilment of an active contract over HTTP: the item lines activation sets up from the quotation, dispatch and
// receipt (all or nothing, FIFO, short receipts), corrections and the log; visit targets, schedule, slots and
// records; the dashboard; and who may do what.
import sharp from 'sharp';
import { jakartaDate } from '../../src/domain/jakarta-time';
import type { fulfilmentOverdueWorkflow } from '../../workflows/fulfilment-overdue';
import { activeContract } from '../support/contracts';
import { approvedQuotation } from '../support/quotations';
import { startSmtpListener, type SmtpListener } from '../support/smtp';
import { Stack } from '../support/stack';

let stack: Stack;
let smtp: SmtpListener;
let sales: string;
let crm: string;
let crmEmail: string;
let pksId: number;
let activatedOn: string;
let lines: Array<{ id: number; siteName: string; type: string; name: string; required: number }>;

// A year-long contract that started five months ago, so its first planned visits are already due.
const now = new Date();
const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 5, 1)).toISOString().slice(0, 10);
const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 7, 0)).toISOString().slice(0, 10);
const today = jakartaDate(now);

beforeAll(async () => {
  smtp = await startSmtpListener();
  stack = await Stack.start({ smtpUrl: smtp.url });
  sales = (await stack.tokenFor('sales')).token;
  const manager = await stack.tokenFor('crm_manager');
  crm = manager.token;
  crmEmail = manager.user.email;
  const admin = (await stack.tokenFor('superadmin')).token;
  const item = async (body: object) =>
    (await stack.request('POST', '/api/master/items', { token: admin, body })).body.id;
  const uniform = await item({ name: 'Seragam PDL', categoryId: 1, price: 240000 });
  const radio = await item({ name: 'Handy talky', categoryId: 9, price: 1800000 });
  const quotation = await approvedQuotation(stack, sales, {
    7: {
      kaporlap: [
        { positionKey: 'g1', itemId: uniform, quantity: 2 },
        { positionKey: 'g2', itemId: uniform, quantity: 2 },
      ],
    },
    8: { devices: [{ siteKey: 'bks', itemId: radio, quantity: 2 }] },
  });
  const contract = await activeContract(stack, quotation, sales, crm, { start, end });
  pksId = contract.id;
  activatedOn = jakartaDate(new Date(contract.activatedAt));
  lines = (await stack.request('GET', `/api/pks/${pksId}/fulfilment`, { token: crm })).body.lines;
});

afterAll(async () => {
  await stack?.stop();
  await smtp?.close();
});

const line = (site: string, type: string) => lines.find((l) => l.siteName === site && l.type === type)!;
const dispatch = (token: string, body: object) =>
  stack.request('POST', `/api/pks/${pksId}/fulfilment/dispatches`, { token, body });
const receive = (token: string, body: object) =>
  stack.request('POST', `/api/pks/${pksId}/fulfilment/receipts`, { token, body });
const state = async () => (await stack.request('GET', `/api/pks/${pksId}/fulfilment`, { token: crm })).body;
function post(token: string, purpose: string, name: string, type: string, content: Buffer | string) {
  const form = new FormData();
  form.append('files', new Blob([content], { type }), name);
  return fetch(`${stack.baseUrl}/api/files?purpose=${purpose}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
    body: form,
  });
}
async function upload(
  token: string,
  purpose: string,
  name: string,
  type: string,
  content: Buffer | string = '%PDF-1.4 notulen',
): Promise<number> {
  return ((await (await post(token, purpose, name, type, content)).json()) as { data: Array<{ id: number }> }).data[0]
    .id;
}
const batches = async () =>
  Number((await stack.knex('pks_fulfilment_batches').where({ pks_id: pksId }).count({ n: '*' }))[0].n);

it('sets up item lines per site from the quotation at activation', () => {
  // Seragam: 2 per guard × 3 in Bekasi, × 2 in Jakarta; two radios in Bekasi.
  expect(lines.map((l) => [l.siteName, l.type, l.name, l.required])).toEqual([
    ['Gudang Bekasi', 'kaporlap', 'Seragam PDL', 6],
    ['Gudang Bekasi', 'device', 'Handy talky', 2],
    ['Kantor Jakarta', 'kaporlap', 'Seragam PDL', 4],
  ]);
});

it('dispatches and receives items in batches, all lines or none, closing dispatches oldest first', async () => {
  const uniforms = line('Gudang Bekasi', 'kaporlap');
  const radios = line('Gudang Bekasi', 'device');
  expect((await dispatch(sales, { lines: [{ lineId: uniforms.id, quantity: 1 }] })).status).toBe(403);
  const tooMany = await dispatch(crm, {
    lines: [
      { lineId: radios.id, quantity: 1 },
      { lineId: uniforms.id, quantity: 7 },
    ],
  });
  expect(tooMany.status).toBe(422);
  expect(tooMany.body.errors).toEqual([{ field: 'lines.1.quantity', message: 'at most 6 may still be dispatched' }]);
  expect((await dispatch(crm, { lines: [{ lineId: 999999, quantity: 1 }] })).body.errors[0].field).toBe(
    'lines.0.lineId',
  );
  expect(await batches()).toBe(0);

  const first = await dispatch(crm, {
    lines: [
      { lineId: uniforms.id, quantity: 4 },
      { lineId: radios.id, quantity: 2 },
    ],
    note: 'Kirim via ekspedisi',
  });
  expect(first.status).toBe(201);
  expect(first.body.sequence).toBe(1);
  expect(first.body.lines.map((l: { status: string; inTransit: number }) => [l.status, l.inTransit])).toEqual([
    ['requested', 4],
    ['requested', 2],
  ]);
  expect((await dispatch(crm, { lines: [{ lineId: uniforms.id, quantity: 3 }] })).body.errors[0].message).toBe(
    'at most 2 may still be dispatched',
  );

  // Three of the four uniforms arrive: that dispatch is short, the missing one may be sent again.
  const partly = await receive(crm, { lines: [{ lineId: uniforms.id, quantity: 3 }] });
  expect(partly.body.lines[0]).toMatchObject({ received: 3, inTransit: 0, status: 'partially_fulfilled' });
  expect(await stack.knex('pks_item_requests').where({ fulfilment_id: uniforms.id }).pluck('status')).toEqual([
    'short',
  ]);
  expect((await receive(crm, { lines: [{ lineId: uniforms.id, quantity: 1 }] })).body.errors[0]).toEqual({
    field: 'lines.0.quantity',
    message: 'only 0 of 1 were dispatched and not yet received',
  });
  const radiosIn = await receive(crm, {
    lines: [{ lineId: radios.id, quantity: 2 }],
    dispatchBatchId: first.body.batchId,
  });
  expect(radiosIn.body.lines[0]).toMatchObject({ received: 2, status: 'fully_fulfilled' });
  expect((await state()).lines.find((l: { id: number }) => l.id === uniforms.id).dispatchable).toBe(3);

  // Corrections keep received + on its way within what is required, and say why.
  const path = `/api/pks/${pksId}/fulfilment/lines/${uniforms.id}`;
  expect(
    (await stack.request('PATCH', path, { token: crm, body: { required: 2, note: 'x' } })).body.errors[0].field,
  ).toBe('required');
  expect((await stack.request('PATCH', path, { token: crm, body: { required: 5 } })).body.errors[0].field).toBe('note');
  expect(
    (
      await stack.request('PATCH', `/api/pks/${pksId}/fulfilment/lines/999999`, {
        token: crm,
        body: { required: 5, note: 'x' },
      })
    ).status,
  ).toBe(404);
  expect(
    (await stack.request('PATCH', path, { token: crm, body: { required: 5, note: 'Satu guard diganti' } })).body,
  ).toMatchObject({ required: 5, received: 3 });

  const log = (await stack.request('GET', `/api/pks/${pksId}/fulfilment/log`, { token: sales })).body.data;
  expect(
    log.map((l: { sequence: number; action: string; quantity: number }) => [l.sequence, l.action, l.quantity]),
  ).toEqual([
    [4, 'correction', 0],
    [3, 'receipt', 2],
    [2, 'receipt', 3],
    [1, 'dispatch', 4],
    [1, 'dispatch', 2],
  ]);
});

it('plans visits from the matrix, records them against the target and flags missed ones', async () => {
  const before = await state();
  // Security, 5 people: Silver, 2 visits a year, one every 6 months from the start, for each team.
  expect(before.visitTargets).toEqual([
    { team: 'crm', category: 'Silver', visitsPerYear: 2, targetTotal: 2, used: 0 },
    { team: 'operations', category: 'Silver', visitsPerYear: 2, targetTotal: 2, used: 0 },
  ]);
  const crmSlots = before.slots.filter((s: { team: string }) => s.team === 'crm');
  expect(crmSlots.map((s: { plannedDate: string; state: string }) => s.plannedDate)).toEqual([
    start,
    expect.any(String),
  ]);
  expect(crmSlots[0].state).toBe('missed');
  expect(before.visits).toMatchObject({ target: 4, used: 0, missed: 2 });

  const visit = (token: string, body: object) => stack.request('POST', `/api/pks/${pksId}/visits`, { token, body });
  expect((await visit(sales, { team: 'crm', visitDate: today, result: 'selesai' })).status).toBe(403);
  expect((await visit(crm, { team: 'crm', visitDate: end, result: 'selesai' })).body.errors[0].field).toBe('visitDate');
  expect((await visit(crm, { team: 'crm', visitDate: today, result: 'bagus' })).body.errors[0].field).toBe('result');
  // Photos are uploaded first; a file of another kind is refused and the visit is not counted.
  // A phone's picture is kept as a JPEG at most 1600 px wide; bytes that are no image are refused.
  const notAnImage = await post(crm, 'visit-photo', 'pos-jaga.jpg', 'image/jpeg', 'content');
  expect(notAnImage.status).toBe(422);
  expect(((await notAnImage.json()) as { errors: Array<{ field: string }> }).errors[0].field).toBe('files.0');
  const picture = await sharp({ create: { width: 3200, height: 2400, channels: 3, background: '#3a7' } })
    .png()
    .toBuffer();
  const photo = await upload(crm, 'visit-photo', 'pos-jaga.png', 'image/png', picture);
  const stored = await fetch(`${stack.baseUrl}/api/files/${photo}`, { headers: { Authorization: `Bearer ${crm}` } });
  expect(stored.headers.get('content-type')).toBe('image/jpeg');
  expect(await sharp(Buffer.from(await stored.arrayBuffer())).metadata()).toMatchObject({
    format: 'jpeg',
    width: 1600,
    height: 1200,
  });
  const pdf = await upload(crm, 'activity', 'notulen.pdf', 'application/pdf');
  const wrongFile = await visit(crm, {
    team: 'crm',
    visitDate: today,
    result: 'selesai',
    slotId: crmSlots[0].id,
    fileIds: [pdf],
  });
  expect(wrongFile.body.errors[0].field).toBe('fileIds.0');
  expect((await state()).visits.used).toBe(0);
  const made = await visit(crm, {
    team: 'crm',
    visitDate: today,
    result: 'ada_kendala',
    note: 'Pos jaga bocor',
    slotId: crmSlots[0].id,
    fileIds: [photo],
  });
  expect(made.body).toMatchObject({
    used: 1,
    targetTotal: 2,
    slotId: crmSlots[0].id,
    photos: [expect.objectContaining({ id: photo, originalName: 'pos-jaga.jpg', mimeType: 'image/jpeg' })],
  });
  const download = (token: string) =>
    fetch(`${stack.baseUrl}/api/files/${photo}`, { headers: { Authorization: `Bearer ${token}` } }).then(
      (r) => r.status,
    );
  expect(await download(sales)).toBe(200); // the contract's salesperson
  expect(await download((await stack.tokenFor('sales')).token)).toBe(404);
  expect((await visit(crm, { team: 'crm', visitDate: today, result: 'selesai', slotId: crmSlots[0].id })).status).toBe(
    409,
  );

  // Rescheduling keeps the first planned day; a clash is refused.
  const reschedule = (slotId: number, body: object) =>
    stack.request('POST', `/api/pks/${pksId}/visits/slots/${slotId}/reschedule`, { token: crm, body });
  const moved = await reschedule(crmSlots[1].id, { plannedDate: end, reason: 'Permintaan klien' });
  expect(moved.body).toMatchObject({ plannedDate: end, originalDate: crmSlots[1].plannedDate, status: 'rescheduled' });
  expect((await reschedule(crmSlots[1].id, { plannedDate: today, reason: 'lagi' })).body.originalDate).toBe(
    crmSlots[1].plannedDate,
  );
  expect((await reschedule(crmSlots[0].id, { plannedDate: end, reason: 'x' })).status).toBe(409); // already done
  const manual = await stack.request('POST', `/api/pks/${pksId}/visits/slots`, {
    token: crm,
    body: { team: 'crm', plannedDate: end },
  });
  expect(manual.status).toBe(201);
  expect(
    (
      await stack.request('POST', `/api/pks/${pksId}/visits/slots`, {
        token: crm,
        body: { team: 'crm', plannedDate: end },
      })
    ).status,
  ).toBe(409);

  expect((await visit(crm, { team: 'crm', visitDate: today, result: 'selesai' })).body.used).toBe(2);
  expect((await visit(crm, { team: 'crm', visitDate: today, result: 'selesai' })).status).toBe(409); // target used up
  // An RO sees the contracts of customers he is officer of, not others; he records operations visits.
  const ro = await stack.tokenFor('ro');
  expect((await stack.request('GET', `/api/pks/${pksId}/fulfilment`, { token: ro.token })).status).toBe(404);
  const leadId = (await stack.knex('pks').where({ id: pksId }).first()).lead_id;
  await stack.knex('lead_officers').insert({ lead_id: leadId, kind: 'ro', user_id: ro.user.id, is_primary: true });
  expect((await stack.request('GET', `/api/pks/${pksId}/fulfilment`, { token: ro.token })).status).toBe(200);
  const operations = (await stack.tokenFor('operations')).token;
  expect((await visit(operations, { team: 'crm', visitDate: today, result: 'selesai' })).status).toBe(403);
  expect((await visit(operations, { team: 'operations', visitDate: today, result: 'ditunda' })).body.used).toBe(1);
});

it('shows each active contract’s recap on the dashboard', async () => {
  const dashboard = (await stack.request('GET', '/api/fulfilment/dashboard', { token: crm })).body;
  const row = dashboard.data.find((p: { id: number }) => p.id === pksId);
  // Required 5 + 2 + 4 = 11, received 3 + 2 = 5.
  expect(row).toMatchObject({
    items: { lines: 3, fullyFulfilled: 1, remaining: 2, required: 11, received: 5, percent: 45.5 },
    visits: { target: 4, used: 3 },
    complete: false,
  });
  expect(dashboard.summary).toMatchObject({ contracts: 1, complete: 0, quantityRequired: 11, quantityReceived: 5 });
  expect((await stack.request('GET', '/api/fulfilment/dashboard?incomplete=false', { token: crm })).body.data).toEqual(
    [],
  );
  expect(
    (await stack.request('GET', '/api/fulfilment/dashboard', { token: sales })).body.data.map(
      (p: { id: number }) => p.id,
    ),
  ).toEqual([pksId]); // his own
  const other = (await stack.tokenFor('sales')).token;
  expect((await stack.request('GET', '/api/fulfilment/dashboard', { token: other })).body.data).toEqual([]);
  expect((await stack.request('GET', `/api/pks/${pksId}/fulfilment`, { token: other })).status).toBe(404);
  expect(
    (await stack.request('GET', '/api/fulfilment/dashboard?pageSize=0', { token: crm })).body.errors[0].field,
  ).toBe('pageSize');
});

it('reminds of items still undelivered after they were due, once a week, from the daily check', async () => {
  const schedule = await stack.temporal.schedule.getHandle('fulfilment-overdue-daily').describe();
  expect(schedule.action).toMatchObject({ workflowType: 'fulfilmentOverdueWorkflow' });
  // The check the Schedule starts each morning, run for chosen days after this contract's activation (it started
  // months before, so its items are due from the activation).
  const dayAfter = (days: number) =>
    new Date(Date.parse(`${activatedOn}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  const check = (day: string) =>
    stack.temporal.workflow.execute<typeof fulfilmentOverdueWorkflow>('fulfilmentOverdueWorkflow', {
      taskQueue: stack.config.taskQueue,
      workflowId: `fulfilment-overdue-${day}-${Math.random()}`,
      args: [{ today: day }],
    });
  const open = (await state()).lines.filter(
    (l: { received: number; required: number }) => l.received < l.required,
  ).length;
  expect(open).toBeGreaterThan(0);

  expect((await check(dayAfter(stack.config.fulfilmentDueDays))).reminded).not.toContain(pksId); // due that day, not overdue yet
  const due = dayAfter(stack.config.fulfilmentDueDays);
  expect((await check(dayAfter(stack.config.fulfilmentDueDays + 1))).reminded).toContain(pksId);
  const notices = (await stack.request('GET', '/api/notifications?module=pks', { token: crm })).body.data.filter(
    (n: { event: string; documentId: number }) => n.event === 'fulfilment_overdue' && n.documentId === pksId,
  );
  expect(notices.map((n: { message: string }) => n.message)).toEqual([
    expect.stringContaining(`${open} item line(s) not fully delivered, due ${due}`),
  ]);
  await smtp.waitFor(
    (m) => m.envelope.includes(crmEmail) && m.mail.subject!.includes('not fully delivered'),
    'fulfilment overdue e-mail',
  );

  // Run again the same day or within the week: no second reminder; a week later, another.
  expect((await check(dayAfter(stack.config.fulfilmentDueDays + 1))).reminded).not.toContain(pksId);
  expect((await check(dayAfter(stack.config.fulfilmentDueDays + 7))).reminded).not.toContain(pksId);
  expect((await check(dayAfter(stack.config.fulfilmentDueDays + 8))).reminded).toContain(pksId);
  expect(
    await stack.knex('pks_fulfilment_reminders').where({ pks_id: pksId }).orderBy('reminded_on').pluck('open_lines'),
  ).toEqual([open, open]);
});
