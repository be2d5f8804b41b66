// Revenue over HTTP from activated contracts (fixture rows: the contract path itself is tested in pks.test.ts):
// per salesperson per month, scope by role, year views, and bad filters.
import { Stack, type TestUser } from '../support/stack';

let stack: Stack;
let alice: { user: TestUser; token: string };
let bob: { user: TestUser; token: string };

async function activeContract(salesUserId: number, start: string, end: string, monthly: number, number: string) {
  const k = stack.knex;
  const entityId = (await k('entities').where({ code: 'GSU' }).first()).id;
  const [lead] = await k('leads')
    .insert({ code: number.slice(-5), company_name: `PT ${number}`, owner_user_id: salesUserId })
    .returning('id');
  const [q] = await k('quotations')
    .insert({
      number: `Q-${number}`,
      lead_id: lead.id,
      entity_id: entityId,
      sales_user_id: salesUserId,
      customer_name: `PT ${number}`,
      status: 'converted',
    })
    .returning('id');
  await k('pks').insert({
    number,
    lead_id: lead.id,
    entity_id: entityId,
    primary_quotation_id: q.id,
    pks_date: start,
    contract_start: start,
    contract_end: end,
    salary_rule_id: 1,
    thr_rule_id: 1,
    customer_name: `PT ${number}`,
    sales_user_id: salesUserId,
    commercial: JSON.stringify({ roundedInvoice: monthly }),
    status: 'active',
    activated_at: new Date(),
  });
}

beforeAll(async () => {
  stack = await Stack.start();
  alice = await stack.tokenFor('sales');
  bob = await stack.tokenFor('sales');
  await activeContract(alice.user.id, '2026-03-15', '2026-10-10', 10_000_000, 'PKS-AAAAA');
  await activeContract(bob.user.id, '2026-05-01', '2027-04-30', 3_000_000, 'PKS-BBBBB');
  // Drafts earn nothing.
  await activeContract(bob.user.id, '2026-01-01', '2026-12-31', 99, 'PKS-CCCCC');
  await stack.knex('pks').where({ number: 'PKS-CCCCC' }).update({ status: 'draft', activated_at: null });
});

afterAll(() => stack?.stop());

it('reports each salesperson only their own revenue; management sees everyone', async () => {
  const own = await stack.request('GET', '/api/sales-revenue?year=2026', { token: alice.token });
  expect(own.body.data.map((r: { month: string }) => r.month)).toEqual([
    '2026-03',
    '2026-04',
    '2026-05',
    '2026-06',
    '2026-07',
    '2026-08',
    '2026-09',
    '2026-10',
  ]);
  expect(own.body.data[0]).toMatchObject({
    userId: alice.user.id,
    amount: 10_000_000,
    monthName: 'Maret 2026',
    formatted: 'Rp 10.000.000',
    role: 'Sales (account executive)',
  });
  expect(own.body.summary).toMatchObject({ total: 80_000_000, users: 1, months: 8 });

  const head = (await stack.tokenFor('sales_head')).token;
  const all = await stack.request('GET', '/api/sales-revenue?year=2026&month=6', { token: head });
  expect(all.body.data.map((r: { userId: number; amount: number }) => [r.userId, r.amount])).toEqual(
    [
      [alice.user.id, 10_000_000],
      [bob.user.id, 3_000_000],
    ].sort((a, b) => a[0] - b[0]),
  );
  const byUser = await stack.request('GET', '/api/sales-revenue/by-user?year=2026', { token: head });
  expect(byUser.body.data.find((u: { userId: number }) => u.userId === bob.user.id).total).toBe(24_000_000); // May–Dec × 3,000,000
  const byMonth = await stack.request('GET', '/api/sales-revenue/by-month?year=2027', { token: head });
  expect(byMonth.body.data.map((m: { total: number }) => m.total)).toEqual([
    3e6, 3e6, 3e6, 3e6, 0, 0, 0, 0, 0, 0, 0, 0,
  ]);
  const range = await stack.request('GET', `/api/sales-revenue?from=2026-10&to=2026-11&userId=${alice.user.id}`, {
    token: head,
  });
  expect(range.body.data.map((r: { month: string }) => r.month)).toEqual(['2026-10']);
});

it('names bad filters', async () => {
  const bad = await stack.request('GET', '/api/sales-revenue?month=13&from=2026-1', { token: alice.token });
  expect(bad.status).toBe(422);
  expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['from', 'month']);
  expect((await stack.request('GET', '/api/sales-revenue/by-user', { token: alice.token })).body.errors[0].field).toBe(
    'year',
  );
  const ops = (await stack.tokenFor('crm_officer')).token;
  expect((await stack.request('GET', '/api/sales-revenue?year=2026', { token: ops })).body.data).toEqual([]);
});

it('closes a month once: a second close keeps the first snapshot, and later contract changes do not rewrite it', async () => {
  const admin = (await stack.tokenFor('superadmin')).token;
  expect(
    (await stack.request('POST', '/api/sales-revenue/closings', { token: alice.token, body: { month: '2026-06' } }))
      .status,
  ).toBe(403);
  expect(
    (await stack.request('POST', '/api/sales-revenue/closings', { token: admin, body: { month: '2026-6' } })).body
      .errors[0].field,
  ).toBe('month');
  const first = await stack.request('POST', '/api/sales-revenue/closings', {
    token: admin,
    body: { month: '2026-06' },
  });
  expect(first.body).toMatchObject({ month: '2026-06', users: 2, total: 13_000_000, alreadyClosed: false });
  await stack
    .knex('pks')
    .where({ number: 'PKS-AAAAA' })
    .update({ commercial: JSON.stringify({ roundedInvoice: 1 }) });
  const second = await stack.request('POST', '/api/sales-revenue/closings', {
    token: admin,
    body: { month: '2026-06' },
  });
  expect(second.body).toMatchObject({ month: '2026-06', total: 13_000_000, alreadyClosed: true });
  const frozen = await stack.request('GET', '/api/sales-revenue/closings/2026-06', { token: alice.token });
  expect(frozen.body.data).toEqual([{ userId: alice.user.id, name: expect.any(String), amount: 10_000_000 }]);
  const schedule = await stack.temporal.schedule.getHandle('revenue-month-close').describe();
  expect(schedule.action).toMatchObject({ workflowType: 'revenueCloseWorkflow' });
});

it('keeps targets unique per key and measures KPI against them', async () => {
  const admin = (await stack.tokenFor('superadmin')).token;
  const target = {
    type: 'personal',
    periodType: 'monthly',
    year: 2026,
    month: 6,
    targetAmount: 8_000_000,
    userId: alice.user.id,
  };
  expect((await stack.request('POST', '/api/sales-targets', { token: admin, body: target })).status).toBe(201);
  const duplicate = await stack.request('POST', '/api/sales-targets', { token: admin, body: target });
  expect(duplicate.status).toBe(409);
  expect(duplicate.body.errors[0].field).toBe('year');
  const missing = await stack.request('POST', '/api/sales-targets', {
    token: admin,
    body: { ...target, month: undefined, userId: undefined },
  });
  expect(missing.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['month', 'userId']);
  expect(
    (await stack.request('POST', '/api/sales-targets', { token: alice.token, body: { ...target, month: 7 } })).status,
  ).toBe(403);
  await stack.request('POST', '/api/sales-targets', {
    token: admin,
    body: { type: 'company', periodType: 'monthly', year: 2026, month: 6, targetAmount: 4_000_000 },
  });

  const head = (await stack.tokenFor('sales_head')).token;
  const june = await stack.request('GET', '/api/sales-revenue/kpi?year=2026&month=6', { token: head });
  // Alice (the first fixture contract, changed to 1 rupiah a month by the closing test): 1 / 8,000,000 → 0 %.
  // Bob: no personal or branch target; company 3,000,000 / 4,000,000 = 75 %.
  const bobRow = june.body.data.find((r: { userId: number }) => r.userId === bob.user.id);
  expect(bobRow).toMatchObject({
    period: '2026-06',
    amount: 3_000_000,
    achievement: { personal: null, branch: null, company: 75 },
    status: 'under_target',
    rank: 1,
  });
  expect(june.body.data.find((r: { userId: number }) => r.userId === alice.user.id)).toMatchObject({
    status: 'under_target',
    rank: 2,
    targets: { personal: 8_000_000 },
  });
  expect(
    (await stack.request('GET', '/api/sales-revenue/kpi?year=2026&periodType=weekly', { token: head })).body.errors[0]
      .field,
  ).toBe('periodType');
});

it('pays incentives at the rate of the salesperson’s role in force each month', async () => {
  const admin = (await stack.tokenFor('superadmin')).token;
  const salesRole = (await stack.knex('roles').where({ code: 'sales' }).first()).id;
  const rate = (body: object, token = admin) => stack.request('POST', '/api/incentive-rates', { token, body });
  expect((await rate({ roleId: salesRole, ratePercent: 1.5, validFrom: '2026-01-01' }, alice.token)).status).toBe(403);
  expect((await rate({ roleId: salesRole, ratePercent: 101, validFrom: '2026-01-01' })).body.errors[0].field).toBe(
    'ratePercent',
  );
  expect((await rate({ roleId: salesRole, ratePercent: 1.5, validFrom: '2026-01-01' })).status).toBe(201);
  expect((await rate({ roleId: salesRole, ratePercent: 2, validFrom: '2026-01-01' })).status).toBe(409);
  expect((await rate({ roleId: salesRole, ratePercent: 2, validFrom: '2026-07-01' })).status).toBe(201);

  const report = await stack.request('GET', '/api/sales-revenue/incentives?year=2026', { token: bob.token });
  // Bob's 3,000,000 a month from May: 1.5 % (45,000) for May–June, 2 % (60,000) for July–December.
  expect(
    report.body.data.map((r: { month: string; ratePercent: number; incentive: number }) => [
      r.month,
      r.ratePercent,
      r.incentive,
    ]),
  ).toEqual([
    ['2026-05', 1.5, 45_000],
    ['2026-06', 1.5, 45_000],
    ['2026-07', 2, 60_000],
    ['2026-08', 2, 60_000],
    ['2026-09', 2, 60_000],
    ['2026-10', 2, 60_000],
    ['2026-11', 2, 60_000],
    ['2026-12', 2, 60_000],
  ]);
  expect(report.body.total).toBe(450_000);
  expect(report.body.data[0].incentiveFormatted).toBe('Rp 45.000');
});
