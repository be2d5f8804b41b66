// Sales activities over HTTP: scope by service line (salesperson, leader, management), fields per type, stats.
import { addMonths, today } from '../support/calendar';
import { Stack, randomWord } from '../support/stack';

let stack: Stack;
// Activities of last month: a whole month the stats can count.
const lastMonth = addMonths(today(), -1);

beforeAll(async () => {
  stack = await Stack.start();
});

afterAll(() => stack?.stop());

it('lets each salesperson work on his own service lines, his leader on the team’s, management on all', async () => {
  const telesales = (await stack.tokenFor('telesales')).token;
  const alice = await stack.tokenFor('sales');
  const bob = await stack.tokenFor('sales');
  const leader = await stack.tokenFor('sales_leader');
  const [team] = await stack
    .knex('sales_teams')
    .insert({ name: `Team ${randomWord()}`, leader_user_id: leader.user.id })
    .returning('id');
  await stack.knex('sales_team_members').insert({ team_id: team.id, user_id: alice.user.id });
  const lead = await stack.createLead(telesales, {
    serviceLineIds: [1, 3],
    assignments: [
      { salesUserId: alice.user.id, serviceLineIds: [1] },
      { salesUserId: bob.user.id, serviceLineIds: [3] },
    ],
  });
  const [security, cleaning] = lead.serviceLines;

  const lines = await stack.request('GET', `/api/leads/${lead.id}/sales-service-lines`, { token: alice.token });
  expect(lines.body.data.map((l: { serviceLineId: number }) => l.serviceLineId)).toEqual([1]);

  const appointment = {
    leadId: lead.id,
    leadServiceLineId: security.leadServiceLineId,
    activityDate: `${lastMonth}-10`,
    type: 'Appointment',
    minutes: 'Met the GA manager',
    startTime: '10:00',
    endTime: '11:30',
  };
  const created = await stack.request('POST', '/api/sales-activities', { token: alice.token, body: appointment });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({
    type: 'Appointment',
    durationMinutes: 90,
    serviceLineName: 'Security',
    salesUserId: alice.user.id,
  });
  const onBobsLine = await stack.request('POST', '/api/sales-activities', {
    token: alice.token,
    body: { ...appointment, leadServiceLineId: cleaning.leadServiceLineId },
  });
  expect(onBobsLine.status).toBe(422);
  expect(onBobsLine.body.errors[0].field).toBe('leadServiceLineId');
  expect(
    (
      await stack.request('POST', '/api/sales-activities', {
        token: bob.token,
        body: {
          ...appointment,
          leadServiceLineId: cleaning.leadServiceLineId,
          type: 'Kirim Berkas',
          startTime: undefined,
          endTime: undefined,
          recipient: 'Pak Joko',
        },
      })
    ).status,
  ).toBe(201);

  const ids = async (token: string) =>
    (await stack.request('GET', `/api/sales-activities?leadId=${lead.id}`, { token })).body.data.map(
      (a: { salesUserId: number }) => a.salesUserId,
    );
  expect(await ids(alice.token)).toEqual([alice.user.id]);
  expect(await ids(bob.token)).toEqual([bob.user.id]);
  expect(await ids((await stack.login(leader.user)).accessToken)).toEqual([alice.user.id]);
  const head = (await stack.tokenFor('sales_head')).token;
  expect((await ids(head)).sort()).toEqual([alice.user.id, bob.user.id].sort());
  expect((await stack.request('GET', `/api/sales-activities/${created.body.id}`, { token: bob.token })).status).toBe(
    404,
  );

  const stats = await stack.request('GET', `/api/sales-activities/stats?dateFrom=${lastMonth}-01`, { token: head });
  expect(stats.body).toMatchObject({ total: 2, byMonth: [{ month: lastMonth, count: 2 }] });
  expect(stats.body.byType).toEqual([
    { type: 'Appointment', count: 1 },
    { type: 'Kirim Berkas', count: 1 },
  ]);

  const changed = await stack.request('PUT', `/api/sales-activities/${created.body.id}`, {
    token: alice.token,
    body: {
      ...appointment,
      leadId: undefined,
      leadServiceLineId: undefined,
      type: 'Visit',
      startTime: null,
      endTime: null,
      visitTypeId: 2,
    },
  });
  expect(changed.body).toMatchObject({ type: 'Visit', visitTypeName: 'Visit presentasi', durationMinutes: null });
  expect((await stack.request('DELETE', `/api/sales-activities/${created.body.id}`, { token: bob.token })).status).toBe(
    404,
  );
  expect(
    (await stack.request('DELETE', `/api/sales-activities/${created.body.id}`, { token: alice.token })).status,
  ).toBe(204);
});

it('requires the fields each type needs', async () => {
  const sales = await stack.tokenFor('sales');
  const lead = await stack.createLead(sales.token);
  const base = {
    leadId: lead.id,
    leadServiceLineId: lead.serviceLines[0].leadServiceLineId,
    activityDate: `${lastMonth}-10`,
    minutes: 'x',
  };
  const post = (body: object) =>
    stack.request('POST', '/api/sales-activities', { token: sales.token, body: { ...base, ...body } });
  expect((await post({ type: 'Appointment' })).body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
    'endTime',
    'startTime',
  ]);
  expect((await post({ type: 'Kirim Berkas' })).body.errors[0].field).toBe('recipient');
  expect((await post({ type: 'Visit' })).body.errors[0].field).toBe('visitTypeId');
  expect((await post({ type: 'Visit', visitTypeId: 999 })).body.errors[0].field).toBe('visitTypeId');
  expect((await post({ type: 'Follow Up', minutes: '' })).body.errors[0].field).toBe('minutes');
  expect((await post({ type: 'Appointment', startTime: '12:00', endTime: '11:00' })).body.errors[0].field).toBe(
    'endTime',
  );
  expect(await stack.knex('sales_activities').where({ lead_id: lead.id }).count({ n: '*' })).toEqual([{ n: '0' }]);
});
