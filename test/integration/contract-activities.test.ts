// Interactions logged against an active contract (contracts.md §13): an activity on the contract's lead that names
// the contract, listed on the contract and on the lead's timeline; bad input, a stranger, a status change and an
// ended contract are refused and leave nothing behind.
import { inDays, inYear, thisYear } from '../support/calendar';
import { activeContract } from '../support/contracts';
import { approvedQuotation } from '../support/quotations';
import { Stack } from '../support/stack';

let stack: Stack;

beforeAll(async () => {
  stack = await Stack.start();
});

afterAll(() => stack?.stop());

it('logs and lists activities of a contract', async () => {
  const sales = (await stack.tokenFor('sales')).token;
  const crm = (await stack.tokenFor('crm_manager')).token;
  const quotation = await approvedQuotation(stack, sales);
  const pks = await activeContract(stack, quotation, sales, crm, {
    start: inYear(-1, '01-01'),
    end: inYear(4, '12-31'),
  });
  const log = (token: string, body: object, pksId = pks.id) =>
    stack.request('POST', `/api/pks/${pksId}/activities`, { token, body });
  const count = async () =>
    Number((await stack.knex('customer_activities').whereNotNull('pks_id').count({ n: '*' }))[0].n);

  const bad = await log(sales, { activityDate: `${thisYear()}-11-31`, type: 'Telepon', startTime: '10:00' });
  expect(bad.status).toBe(422);
  expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['activityDate', 'endTime']);
  expect((await log(sales, { activityDate: inDays(-17), type: 'Meeting', statusId: 1 })).body.errors[0].field).toBe(
    'statusId',
  );
  const stranger = (await stack.tokenFor('sales')).token;
  expect((await log(stranger, { activityDate: inDays(-17), type: 'Meeting' })).status).toBe(404);
  expect((await log(sales, { activityDate: inDays(-17), type: 'Meeting' }, 999999)).status).toBe(404);
  expect(await count()).toBe(0);

  const meeting = await log(sales, {
    activityDate: inDays(-17),
    type: 'Meeting',
    notes: 'Evaluasi bulanan dengan GA',
  });
  expect(meeting.status).toBe(201);
  expect(meeting.body).toMatchObject({ pksId: pks.id, leadId: quotation.leadId, type: 'Meeting', isUserEntered: true });
  const call = await log(crm, {
    activityDate: inDays(-15),
    type: 'Telepon',
    startTime: '09:00',
    endTime: '09:20',
    notes: 'Konfirmasi jadwal kunjungan',
  });
  expect(call.body.durationMinutes).toBe(20);

  const listed = await stack.request('GET', `/api/pks/${pks.id}/activities`, { token: sales });
  expect(listed.body.data.map((a: { id: number }) => a.id)).toEqual([call.body.id, meeting.body.id]);
  expect((await stack.request('GET', `/api/pks/${pks.id}/activities`, { token: stranger })).status).toBe(404);
  const timeline = (await stack.request('GET', `/api/leads/${quotation.leadId}/activities`, { token: sales })).body
    .data;
  expect(timeline.filter((a: { pksId: number | null }) => a.pksId === pks.id).map((a: { id: number }) => a.id)).toEqual(
    [call.body.id, meeting.body.id],
  );
  // Edited as any activity, but never to move the customer's status.
  const edit = await stack.request('PUT', `/api/customer-activities/${meeting.body.id}`, {
    token: sales,
    body: { activityDate: inDays(-17), type: 'Meeting', statusId: 1 },
  });
  expect(edit.body.errors[0].field).toBe('statusId');
  expect((await stack.request('GET', `/api/customer-activities/${meeting.body.id}`, { token: sales })).body.notes).toBe(
    'Evaluasi bulanan dengan GA',
  );

  await stack.request('POST', `/api/pks/${pks.id}/terminate`, {
    token: crm,
    body: { effectiveDate: inDays(-7), reason: 'Selesai' },
  });
  expect((await log(sales, { activityDate: inDays(-12), type: 'Meeting' })).status).toBe(409);
  expect(await count()).toBe(2);
});

it('lists one lead’s quotations, SPKs and contracts', async () => {
  const sales = (await stack.tokenFor('sales')).token;
  const crm = (await stack.tokenFor('crm_manager')).token;
  const mine = await approvedQuotation(stack, sales);
  await activeContract(stack, mine, sales, crm, { start: inYear(-1, '01-01'), end: inYear(1, '12-31') });
  const other = await approvedQuotation(stack, sales);
  const ids = async (path: string, token: string) =>
    (await stack.request('GET', path, { token })).body.data.map((row: { id: number; leadId?: number }) => row.id);
  expect(await ids(`/api/quotations?leadId=${mine.leadId}`, sales)).toEqual([mine.quotationId]);
  expect(await ids(`/api/quotations?leadId=${other.leadId}`, sales)).toEqual([other.quotationId]);
  const spks = await stack.knex('spks').where({ lead_id: mine.leadId }).pluck('id');
  // A lead's SPKs whatever their date (the default window is the recent months).
  expect(await ids(`/api/spk?leadId=${mine.leadId}`, sales)).toEqual(spks);
  expect(await ids(`/api/spk?leadId=${other.leadId}`, sales)).toEqual([]);
  const contracts = await stack.knex('pks').where({ lead_id: mine.leadId }).pluck('id');
  expect(await ids(`/api/pks?leadId=${mine.leadId}`, crm)).toEqual(contracts);
  expect((await stack.request('GET', '/api/pks?leadId=0', { token: crm })).body.errors[0].field).toBe('leadId');
});

it('gives the whole deal of a lead in one answer: documents and one timeline', async () => {
  const sales = (await stack.tokenFor('sales')).token;
  const crm = (await stack.tokenFor('crm_manager')).token;
  const quotation = await approvedQuotation(stack, sales);
  const pks = await activeContract(stack, quotation, sales, crm, {
    start: inYear(-1, '01-01'),
    end: inYear(1, '12-31'),
  });
  const logged = await stack.request('POST', `/api/pks/${pks.id}/activities`, {
    token: sales,
    body: { activityDate: inDays(-17), type: 'Meeting', notes: 'Evaluasi bulanan' },
  });
  expect(logged.status).toBe(201);
  const deal = await stack.request('GET', `/api/leads/${quotation.leadId}/deal`, { token: sales });
  expect(deal.status).toBe(200);
  expect(deal.body.lead.id).toBe(quotation.leadId);
  expect(deal.body.quotations).toEqual([expect.objectContaining({ id: quotation.quotationId, status: 'converted' })]);
  expect(deal.body.spks).toHaveLength(1);
  expect(deal.body.contracts).toEqual([expect.objectContaining({ id: pks.id, status: 'active' })]);
  const titles = deal.body.timeline.map((e: { kind: string; title: string }) => `${e.kind}: ${e.title}`);
  expect(titles).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^quotation: Quotation .* approved$/),
      expect.stringMatching(/^spk: SPK /),
      expect.stringMatching(/^pks: PKS .* active$/),
      'customer-activity: Meeting',
    ]),
  );
  // Newest first.
  const dates = deal.body.timeline.map((e: { date: string }) => e.date);
  expect(dates).toEqual([...dates].sort().reverse());
  // Someone who may not read the lead gets nothing of it.
  expect(
    (
      await stack.request('GET', `/api/leads/${quotation.leadId}/deal`, {
        token: (await stack.tokenFor('sales')).token,
      })
    ).status,
  ).toBe(404);
});
