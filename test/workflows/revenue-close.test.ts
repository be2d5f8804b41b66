// The month close the `revenue-month-close` Schedule starts, run on the time-skipping server with its real
// activity against a real database. The test server implements no Schedule API (temporalio/sdk-java#1954), so the
// test starts the Schedule's action — `revenueCloseWorkflow` with no input — and moves the clock past a month end.
// The Schedule's own definition is checked on the dev server in test/integration/sales-revenue.test.ts.
import { randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createRevenueActivities } from '../../activities/revenue';
import { testServerExecutable } from '../../src/temporal/binaries';
import { workflowsPath } from '../../src/temporal/worker';
import { previousMonth, type revenueCloseWorkflow } from '../../workflows/revenue-close';
import { createTestDatabase, type TestDatabase } from '../support/database';

let env: TestWorkflowEnvironment;
let db: TestDatabase;

beforeAll(async () => {
  [env, db] = await Promise.all([
    TestWorkflowEnvironment.createTimeSkipping({ server: { executable: testServerExecutable() } }),
    createTestDatabase(),
  ]);
});

afterAll(async () => {
  await env?.teardown();
  await db?.drop();
});

// One active contract of 15,000,000 a month running from the start of last year to the end of next year.
async function activeContract(knex: TestDatabase['knex'], year: number): Promise<{ pksId: number; userId: number }> {
  const role = await knex('roles').where({ code: 'sales' }).first();
  const [user] = await knex('users')
    .insert({
      email: `s-${randomUUID()}@test.local`,
      username: `s_${randomUUID().slice(0, 8)}`,
      full_name: 'Sales',
      password_hash: 'x',
      role_id: role.id,
    })
    .returning('id');
  const [lead] = await knex('leads')
    .insert({ code: 'RVCLS', company_name: 'PT REVENUE', owner_user_id: user.id })
    .returning('id');
  const entity = await knex('entities').first();
  const [quotation] = await knex('quotations')
    .insert({
      number: `Q/${randomUUID()}`,
      lead_id: lead.id,
      entity_id: entity.id,
      sales_user_id: user.id,
      customer_name: 'PT REVENUE',
    })
    .returning('id');
  const [pks] = await knex('pks')
    .insert({
      number: `PKS/${randomUUID()}`,
      lead_id: lead.id,
      entity_id: entity.id,
      primary_quotation_id: quotation.id,
      pks_date: `${year - 1}-01-01`,
      contract_start: `${year - 1}-01-01`,
      contract_end: `${year + 1}-12-31`,
      salary_rule_id: (await knex('salary_rules').first()).id,
      thr_rule_id: (await knex('thr_rules').first()).id,
      customer_name: 'PT REVENUE',
      sales_user_id: user.id,
      commercial: { roundedInvoice: 15_000_000 },
      status: 'active',
      activated_at: knex.fn.now(),
    })
    .returning('id');
  return { pksId: pks.id, userId: user.id };
}

it('closes the month that just ended once, however often it runs, and the next month after the clock passes its end', async () => {
  const knex = db.knex;
  const start = await env.currentTimeMs();
  const { pksId, userId } = await activeContract(knex, new Date(start).getUTCFullYear());
  const taskQueue = `wf-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowsPath,
    activities: createRevenueActivities({ knex }),
  });
  // What the Schedule does at each firing: start the workflow with no input. A plain client, unlike env.client, does
  // not unlock time skipping while it waits, so the clock moves only by env.sleep.
  const client = new Client({ connection: env.connection });
  const fire = () =>
    client.workflow.execute<typeof revenueCloseWorkflow>('revenueCloseWorkflow', {
      taskQueue,
      workflowId: `revenue-close-${randomUUID()}`,
      args: [{}],
    });

  await worker.runUntil(async () => {
    const month = previousMonth(start);
    const first = await fire();
    const second = await fire();
    expect(first).toMatchObject({ month, users: 1, total: 15_000_000, alreadyClosed: false });
    expect(second).toMatchObject({ month, users: 1, total: 15_000_000, alreadyClosed: true, closedAt: first.closedAt });

    // A later change to the contract does not rewrite the closed month, but counts for the next one.
    await knex('pks')
      .where({ id: pksId })
      .update({ commercial: { roundedInvoice: 16_000_000 } });
    await env.sleep('32 days');
    const next = previousMonth(await env.currentTimeMs());
    expect(next).not.toBe(month);
    expect(await fire()).toMatchObject({ month: next, total: 16_000_000, alreadyClosed: false });
  });

  expect(await knex('revenue_closings').orderBy('month').pluck('month')).toEqual([
    previousMonth(start),
    previousMonth(start + 32 * 24 * 3600 * 1000),
  ]);
  const snapshots = await knex('revenue_snapshots')
    .where({ user_id: userId })
    .orderBy('month')
    .select('month', 'amount');
  expect(snapshots.map((s: { amount: number }) => s.amount)).toEqual([15_000_000, 16_000_000]);
});
