// DEMO=1: the demo organisation seeded through the API — users for every role, branches, letterheads, a dozen
// leads, quotations left draft, submitted and approved by their real runs, and one active contract — once.
import { DEMO_DOMAIN, seedDemo } from '../../src/demo/seed';
import { logger } from '../../src/logger';
import { Stack } from '../support/stack';

let stack: Stack;

beforeAll(async () => {
  stack = await Stack.start();
});

afterAll(() => stack?.stop());

it('seeds a demo organisation people can log in to, through the real workflows, and only once', async () => {
  const password = 'demo-password-123';
  const seed = () => seedDemo({ knex: stack.knex, baseUrl: stack.baseUrl, password, log: logger });
  expect(await seed()).toEqual({ seeded: true });

  const sales = await stack.login({ id: 0, email: `sales1@${DEMO_DOMAIN}`, password });
  const leads = await stack.request('GET', '/api/leads?pageSize=50', { token: sales.accessToken });
  // Twelve leads; the one with the active contract is a customer now and leaves the leads list.
  expect(await stack.knex('leads').count({ n: '*' })).toEqual([{ n: '12' }]);
  expect(leads.body.meta.total).toBe(11);
  const quotations = await stack.knex('quotations').select('status');
  expect(quotations.map((q) => q.status).sort()).toEqual(['approved', 'converted', 'draft', 'submitted']);
  expect(await stack.knex('pks').where({ status: 'active' }).count({ n: '*' })).toEqual([{ n: '1' }]);
  const roles = await stack.knex('roles').count({ n: '*' });
  const users = await stack.knex('users').whereILike('email', `%@${DEMO_DOMAIN}`).count({ n: '*' });
  // One per role, two salespeople.
  expect(Number(users[0].n)).toBe(Number(roles[0].n) + 1);
  for (const login of ['dirsales', 'admin', 'crm'])
    expect((await stack.login({ id: 0, email: `${login}@${DEMO_DOMAIN}`, password })).accessToken).toBeTruthy();
  expect(await stack.knex('entities').where({ code: 'GSU' }).first('legal_name', 'npwp')).toEqual({
    legal_name: 'PT Garda Satria Utama',
    npwp: '01.234.567.8-901.000',
  });

  expect(await seed()).toEqual({ seeded: false });
  expect(await stack.knex('leads').count({ n: '*' })).toEqual([{ n: '12' }]);
});
