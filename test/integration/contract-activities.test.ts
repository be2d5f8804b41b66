// Interactions logged against an active contract (contracts.md §13): an activity on the contract's lead that names
// the contract, listed on the contract and on the lead's timeline; bad input, a stranger, a status change and an
// ended contract are refused and leave nothing behind.
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
  const pks = await activeContract(stack, quotation, sales, crm, { start: '2026-01-01', end: '2030-12-31' });
  const log = (token: string, body: object, pksId = pks.id) =>
    stack.request('POST', `/api/pks/${pksId}/activities`, { token, body });
  const count = async () =>
    Number((await stack.knex('customer_activities').whereNotNull('pks_id').count({ n: '*' }))[0].n);

  const bad = await log(sales, { activityDate: '2026-11-31', type: 'Telepon', startTime: '10:00' });
  expect(bad.status).toBe(422);
  expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['activityDate', 'endTime']);
  expect((await log(sales, { activityDate: '2026-11-20', type: 'Meeting', statusId: 1 })).body.errors[0].field).toBe(
    'statusId',
  );
  const stranger = (await stack.tokenFor('sales')).token;
  expect((await log(stranger, { activityDate: '2026-11-20', type: 'Meeting' })).status).toBe(404);
  expect((await log(sales, { activityDate: '2026-11-20', type: 'Meeting' }, 999999)).status).toBe(404);
  expect(await count()).toBe(0);

  const meeting = await log(sales, {
    activityDate: '2026-11-20',
    type: 'Meeting',
    notes: 'Evaluasi bulanan dengan GA',
  });
  expect(meeting.status).toBe(201);
  expect(meeting.body).toMatchObject({ pksId: pks.id, leadId: quotation.leadId, type: 'Meeting', isUserEntered: true });
  const call = await log(crm, {
    activityDate: '2026-11-22',
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
    body: { activityDate: '2026-11-20', type: 'Meeting', statusId: 1 },
  });
  expect(edit.body.errors[0].field).toBe('statusId');
  expect((await stack.request('GET', `/api/customer-activities/${meeting.body.id}`, { token: sales })).body.notes).toBe(
    'Evaluasi bulanan dengan GA',
  );

  await stack.request('POST', `/api/pks/${pks.id}/terminate`, {
    token: crm,
    body: { effectiveDate: '2026-11-30', reason: 'Selesai' },
  });
  expect((await log(sales, { activityDate: '2026-11-25', type: 'Meeting' })).status).toBe(409);
  expect(await count()).toBe(2);
});
