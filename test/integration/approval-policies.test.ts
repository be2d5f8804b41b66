// Approval levels as effective-dated policies (issue 16): the levels in force before policies are the first one; an
// administrator adds one now or from a later day, withdraws one not yet in force; a quotation takes the policy in
// force when it is submitted — here a gross-margin rule that sends it to the Director of Finance.
import { draftPks, signedSpk } from '../support/contracts';
import { fillSteps, guardPosition } from '../support/quotations';
import { Stack } from '../support/stack';

let stack: Stack;
let admin: string;
let sales: string;

beforeAll(async () => {
  stack = await Stack.start();
  admin = (await stack.tokenFor('superadmin')).token;
  sales = (await stack.tokenFor('sales')).token;
});

afterAll(() => stack?.stop());

const post = (body: object, token = admin) => stack.request('POST', '/api/admin/approval-policies', { token, body });
const tomorrow = () => new Date(Date.now() + 7 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);
const today = () => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
const directorOfSales = { level: 1, name: 'Direktur Sales', roleCode: 'dir_sales', rule: { always: true } };

it('starts from the levels in force before policies', async () => {
  const current = await stack.request('GET', '/api/admin/approval-policies/current', { token: admin });
  expect(current.body.levels).toEqual([
    expect.objectContaining({ level: 1, roleCode: 'dir_sales', rule: { always: true } }),
    expect.objectContaining({ level: 2, roleCode: 'dir_finance', rule: { topDaysOver: 7, thrNotProvisioned: true } }),
  ]);
});

it('refuses a policy that does not hold together, naming the field, and records nothing', async () => {
  const before = (await stack.request('GET', '/api/admin/approval-policies', { token: admin })).body.data.length;
  const refusals: Array<[object, string[]]> = [
    [{ levels: [{ ...directorOfSales, roleCode: 'nobody' }] }, ['levels.0.roleCode']],
    [{ levels: [directorOfSales, { ...directorOfSales, name: 'Lagi' }] }, ['levels.1.level']],
    [{ effectiveOn: today(), levels: [directorOfSales] }, ['effectiveOn']],
    [{ levels: [{ ...directorOfSales, rule: {} }] }, ['levels.0.rule']],
    [{ levels: [] }, ['levels']],
  ];
  for (const [body, fields] of refusals) {
    const answer = await post(body);
    expect([answer.status, answer.body.errors.map((e: { field: string }) => e.field)]).toEqual([422, fields]);
  }
  expect((await post({ levels: [directorOfSales] }, sales)).status).toBe(403);
  expect((await stack.request('GET', '/api/admin/approval-policies', { token: admin })).body.data).toHaveLength(before);
});

it('keeps a policy for a later day out of force until then, and lets it be withdrawn', async () => {
  const later = await post({
    effectiveOn: tomorrow(),
    note: 'GM Operasional signs every quotation',
    levels: [directorOfSales, { level: 2, name: 'GM Operasional', roleCode: 'gm_operations', rule: { always: true } }],
  });
  expect(later.status).toBe(201);
  expect(later.headers.get('location')).toBe('/api/admin/approval-policies');
  const list = (await stack.request('GET', '/api/admin/approval-policies', { token: admin })).body.data;
  expect(list[0]).toMatchObject({ id: later.body.id, inForce: false });
  const current = await stack.request('GET', '/api/admin/approval-policies/current', { token: admin });
  expect(current.body.id).not.toBe(later.body.id);
  expect(
    (await stack.request('DELETE', `/api/admin/approval-policies/${later.body.id}`, { token: admin })).status,
  ).toBe(204);
  expect(
    (await stack.request('DELETE', `/api/admin/approval-policies/${current.body.id}`, { token: admin })).status,
  ).toBe(409);
});

it('gives a quotation submitted after a new policy the levels its rules call for', async () => {
  const now = await post({
    note: 'Director of Finance for any margin under 99 %',
    levels: [
      directorOfSales,
      {
        level: 2,
        name: 'Direktur Keuangan',
        roleCode: 'dir_finance',
        rule: { grossMarginBelow: 99 },
        escalationHours: 8,
      },
    ],
  });
  expect(now.status).toBe(201);
  expect((await stack.request('GET', '/api/admin/approval-policies/current', { token: admin })).body.id).toBe(
    now.body.id,
  );

  // The fixture's terms (7-day TOP, THR provisioned) needed only the Director of Sales under the first policy.
  const lead = await stack.createLead(sales);
  const gsu = (await stack.knex('entities').where({ code: 'GSU' }).first()).id;
  const quotation = await stack.request('POST', '/api/quotations', {
    token: sales,
    body: { leadId: lead.id, entityId: gsu },
  });
  await fillSteps(stack, sales, quotation.body.id, { positionId: await guardPosition(stack) });
  const submitted = await stack.request('POST', `/api/quotations/${quotation.body.id}/submit`, { token: sales });
  expect(submitted.body).toMatchObject({ status: 'submitted', pendingRole: 'dir_sales' });
  const director = (await stack.tokenFor('dir_sales')).token;
  const first = await stack.request('POST', `/api/quotations/${quotation.body.id}/decisions`, {
    token: director,
    body: { decision: 'approve' },
  });
  expect(first.body).toMatchObject({ status: 'submitted', pendingRole: 'dir_finance' });
  const row = await stack.knex('quotations').where({ id: quotation.body.id }).first('approval_levels');
  expect(row.approval_levels[1]).toMatchObject({ roleCode: 'dir_finance', escalationHours: 8 });
});

it('signs a PKS off through the levels of the PKS policy in force, each by its own role', async () => {
  const policy = await post({
    subject: 'pks',
    note: 'Director of Finance signs contracts under 99 % margin',
    levels: [
      directorOfSales,
      { level: 2, name: 'Direktur Keuangan', roleCode: 'dir_finance', rule: { grossMarginBelow: 99 } },
    ],
  });
  expect(policy.status).toBe(201);
  const current = await stack.request('GET', '/api/admin/approval-policies/current?subject=pks', { token: admin });
  expect(current.body).toMatchObject({ id: policy.body.id, subject: 'pks' });

  // Quotations back to the Director of Sales alone, so the fixture's quotation is approved in one step.
  expect((await post({ levels: [directorOfSales] })).status).toBe(201);
  const crm = (await stack.tokenFor('crm_manager')).token;
  const { leadId, spkSiteIds } = await signedSpk(stack, sales, crm, ['bks']);
  const id = (await draftPks(stack, crm, leadId, spkSiteIds)).id;
  expect((await stack.request('POST', `/api/pks/${id}/submit`, { token: crm })).body).toMatchObject({
    status: 'submitted',
    pendingRole: 'dir_sales',
  });
  const finance = (await stack.tokenFor('dir_finance')).token;
  const director = (await stack.tokenFor('dir_sales')).token;
  const decide = (token: string) =>
    stack.request('POST', `/api/pks/${id}/decisions`, { token, body: { decision: 'approve' } });
  expect((await decide(finance)).status).toBe(403); // not their level yet
  expect((await decide(director)).body).toMatchObject({ status: 'submitted', pendingRole: 'dir_finance' });
  expect((await decide(director)).status).toBe(403); // their level is decided
  expect((await decide(finance)).body).toMatchObject({ status: 'awaiting_signed', pendingRole: null });
  const approvals = (await stack.request('GET', `/api/pks/${id}`, { token: crm })).body.approvals;
  expect(approvals.map((a: { level: number; event: string }) => [a.level, a.event])).toEqual([
    [1, 'pending'],
    [1, 'approved'],
    [2, 'approved'],
  ]);
});
