// Customers (leads at status 102) and RO/CRM officers over HTTP: scope through officers, who may choose them.
import { Stack } from '../support/stack';

let stack: Stack;

beforeAll(async () => {
  stack = await Stack.start();
});

afterAll(() => stack?.stop());

it('lists customers apart from leads and shows their latest activities', async () => {
  const sales = await stack.tokenFor('sales');
  const lead = await stack.createLead(sales.token);
  const prospect = await stack.createLead(sales.token);
  // Contract activation (a later issue) moves a lead to status 102; set it directly here.
  await stack.knex('leads').where({ id: lead.id }).update({ status_id: 102 });
  const customers = await stack.request('GET', '/api/customers', { token: sales.token });
  expect(customers.body.data.map((c: { id: number }) => c.id)).toEqual([lead.id]);
  expect(
    (await stack.request('GET', '/api/leads?pageSize=100', { token: sales.token })).body.data.map(
      (l: { id: number }) => l.id,
    ),
  ).toEqual([prospect.id]);
  const view = await stack.request('GET', `/api/customers/${lead.id}`, { token: sales.token });
  expect(view.body.latestActivities.map((a: { type: string }) => a.type)).toEqual(['Leads']);
  expect((await stack.request('GET', `/api/customers/${prospect.id}`, { token: sales.token })).status).toBe(404);
  const other = await stack.tokenFor('sales');
  expect((await stack.request('GET', `/api/customers/${lead.id}`, { token: other.token })).status).toBe(404);
});

it('lets CRM management choose officers, who then see the lead', async () => {
  const sales = await stack.tokenFor('sales');
  const crmManager = (await stack.tokenFor('crm_manager')).token;
  const ro = await stack.tokenFor('ro');
  const roMate = await stack.createUser('ro');
  const crm = await stack.createUser('crm_officer');
  const lead = await stack.createLead(sales.token);
  expect((await stack.request('GET', `/api/leads/${lead.id}`, { token: ro.token })).status).toBe(404);

  const body = { ro: { userId: ro.user.id, teamUserIds: [roMate.id] }, crm: { userId: crm.id }, note: 'Key account' };
  expect((await stack.request('PUT', `/api/leads/${lead.id}/officers`, { token: sales.token, body })).status).toBe(403);
  const wrong = await stack.request('PUT', `/api/leads/${lead.id}/officers`, {
    token: crmManager,
    body: { ro: { userId: crm.id, teamUserIds: [1, 2, 3, 4] } },
  });
  expect(wrong.status).toBe(422);
  expect(wrong.body.errors[0].field).toBe('ro.teamUserIds');
  const notRo = await stack.request('PUT', `/api/leads/${lead.id}/officers`, {
    token: crmManager,
    body: { ro: { userId: crm.id } },
  });
  expect(notRo.body.errors).toEqual([{ field: 'ro.userId', message: `user ${crm.id} is not an active RO officer` }]);
  expect((await stack.request('PUT', `/api/leads/${lead.id}/officers`, { token: crmManager, body: {} })).status).toBe(
    422,
  );

  const chosen = await stack.request('PUT', `/api/leads/${lead.id}/officers`, { token: crmManager, body });
  expect(chosen.status).toBe(200);
  expect(
    chosen.body.officers.map((o: { kind: string; userId: number; isPrimary: boolean }) => [
      o.kind,
      o.userId,
      o.isPrimary,
    ]),
  ).toEqual([
    ['crm', crm.id, true],
    ['ro', ro.user.id, true],
    ['ro', roMate.id, false],
  ]);
  expect((await stack.request('GET', `/api/leads/${lead.id}`, { token: ro.token })).status).toBe(200);
  const types = await stack.knex('customer_activities').where({ lead_id: lead.id }).orderBy('id').pluck('type');
  expect(types).toEqual(['Leads', 'Pilih RO', 'Pilih CRM']);
});
