// `npm run bench:stack`: what a user waits for on the whole stack (API → Temporal → worker → PostgreSQL), against
// the floor measured in the same run: a no-op Temporal Update on its own tiny workflow, same server, same process.
// Interleaved so that a busy machine slows floor and subject alike; ratios, not absolute times, are the targets
// (issue 14). Prints a table, then as its very last line one JSON object with the headline figures.
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Knex } from 'knex';
import { fillSteps } from '../../src/demo/quotation-steps';
import { logger } from '../../src/logger';
import { startTestServices } from '../../src/main/test-services';
import { installTemporalLogging } from '../../src/temporal/runtime-logging';
import { inYear } from '../support/calendar';
import { activeContract } from '../support/contracts';
import { guardPosition } from '../support/quotations';
import { Stack } from '../support/stack';
import { floorActivities } from './floor-activities';
import { floorWorkflow, localNoopUpdate, noopUpdate } from './floor-workflow';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 30); // per throughput measurement
const ROWS = Number(process.env.BENCH_ROWS ?? 10_000); // leads and quotations in the lists
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 60); // timed requests per latency figure

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
const round = (value: number) => Math.round(value * 10) / 10;

async function timed<T>(into: number[], fn: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await fn();
  into.push(performance.now() - start);
  return result;
}

// Copies one row `count` times, every column as it is except the given SQL expressions (over `g.n`, 1..count).
async function cloneRows(knex: Knex, table: string, id: number, count: number, overrides: Record<string, string>) {
  const columns: string[] = (
    await knex('information_schema.columns').where({ table_name: table, table_schema: 'public' }).select('column_name')
  )
    .map((c: { column_name: string }) => c.column_name)
    .filter((c) => c !== 'id');
  const values = columns.map((c) => overrides[c] ?? `src."${c}"`);
  await knex.raw(
    `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')})
     select ${values.join(', ')} from "${table}" src, generate_series(1, ?) g(n) where src.id = ?`,
    [count, id],
  );
}

async function main() {
  installTemporalLogging(logger); // before the services' first connection: the SDK allows one runtime per process
  const services = await startTestServices();
  Object.assign(process.env, services.env);
  const stack = await Stack.start();
  const connection = await Connection.connect({ address: services.env.TEMPORAL_ADDRESS });
  const floorQueue = `bench-floor-${randomUUID()}`;
  const floorWorker = await Worker.create({
    connection: await NativeConnection.connect({ address: services.env.TEMPORAL_ADDRESS }),
    namespace: stack.config.temporalNamespace,
    taskQueue: floorQueue,
    workflowsPath: require.resolve('./floor-workflow'),
    activities: floorActivities,
  });
  const floorRun = floorWorker.run();
  try {
    const client = new Client({ connection, namespace: stack.config.temporalNamespace });
    const floor = await client.workflow.start(floorWorkflow, { taskQueue: floorQueue, workflowId: floorQueue });
    const floorSamples: number[] = [];
    const floorOnce = () => timed(floorSamples, () => floor.executeUpdate(noopUpdate, { args: [1] }));
    // What a step save cannot go below: an Update that runs one (no-op) local activity, and an HTTP round trip.
    const localFloorSamples: number[] = [];
    const httpSamples: number[] = [];

    const request = stack.request.bind(stack);
    const sales = (await stack.tokenFor('sales', { branchId: await stack.branch() })).token;
    const dirSales = (await stack.tokenFor('dir_sales')).token;
    const crm = (await stack.tokenFor('crm_manager')).token;
    const admin = (await stack.tokenFor('superadmin')).token;
    const positionId = await guardPosition(stack);
    const gsu = (await stack.knex('entities').where({ code: 'GSU' }).first()).id;

    const newQuotation = async (until = 12) => {
      const lead = await stack.createLead(sales);
      const created = await request('POST', '/api/quotations', {
        token: sales,
        body: { leadId: lead.id, entityId: gsu },
      });
      await fillSteps(request, sales, created.body.id, { positionId, until });
      return { quotationId: created.body.id as number, leadId: lead.id as number };
    };
    const decisions: number[] = [];
    const approve = async (id: number) => {
      const submitted = await request('POST', `/api/quotations/${id}/submit`, { token: sales });
      if (submitted.body?.pendingRole !== 'dir_sales') throw new Error(`submit: ${JSON.stringify(submitted.body)}`);
      const decided = await timed(decisions, () =>
        request('POST', `/api/quotations/${id}/decisions`, { token: dirSales, body: { decision: 'approve' } }),
      );
      if (decided.body?.status !== 'approved') throw new Error(`approve: ${JSON.stringify(decided.body)}`);
    };

    // Warm-up: bundle caches, JIT, connection pools.
    for (let i = 0; i < 10; i++) await floorOnce();
    const sample = await newQuotation();
    floorSamples.length = 0;

    // Step saves, each between two floor Updates.
    const stepSaves: Record<4 | 5, number[]> = { 4: [], 5: [] };
    for (let i = 0; i < SAMPLES; i++)
      for (const step of [4, 5] as const) {
        await floorOnce();
        await timed(localFloorSamples, () => floor.executeUpdate(localNoopUpdate, { args: [1] }));
        await timed(httpSamples, () => request('GET', '/health'));
        await timed(stepSaves[step], () =>
          fillSteps(request, sales, sample.quotationId, { positionId, from: step, until: step }),
        );
      }

    // Decisions: each between floor Updates.
    for (let i = 0; i < Math.max(10, SAMPLES / 4); i++) {
      const q = await newQuotation();
      await floorOnce();
      await approve(q.quotationId);
    }
    const decisionP50 = percentile(decisions, 50); // the throughput runs below decide too, under load

    // Throughput: clients in parallel, each starting lifecycles until the time is up.
    const throughput = async (clients: number, lifecycle: () => Promise<unknown>) => {
      const end = performance.now() + SECONDS * 1000;
      let done = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: clients }, async () => {
          while (performance.now() < end) {
            await lifecycle();
            done++;
          }
        }),
      );
      return round((done / (performance.now() - started)) * 60_000);
    };
    const toApproval = async () => approve((await newQuotation()).quotationId);
    const toActivation = async () => {
      const q = await newQuotation();
      await approve(q.quotationId);
      await activeContract(stack, q, sales, crm, { start: inYear(-1, '01-01'), end: inYear(1, '12-31') });
    };
    const lifecycles: Record<string, number> = {};
    for (const clients of [1, 4, 8]) lifecycles[`toApproval${clients}`] = await throughput(clients, toApproval);
    for (const clients of [1, 4]) lifecycles[`toActivation${clients}`] = await throughput(clients, toActivation);

    // Lists at ROWS leads and quotations (copies of the sample's lead and quotation, owned by the same salesperson).
    const lastLead = (await stack.knex('leads').max({ id: 'id' }).first())!.id as number;
    const word = `translate(md5(g.n::text), '0123456789', 'ghijklmnop')`;
    // Lead codes are five characters: a digit (real codes are letters) and g.n in base 36, unique to 1.6M rows.
    const base36 = (power: number) =>
      `substr('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ', (g.n / ${36 ** power}) % 36 + 1, 1)`;
    const code = `'9' || ${[3, 2, 1, 0].map(base36).join(' || ')}`;
    await cloneRows(stack.knex, 'leads', sample.leadId, ROWS, {
      code,
      company_name: `'PT ' || ${word}`,
      lead_date: `current_date - (g.n % 700)`,
    });
    await stack.knex.raw(
      `insert into lead_service_lines (lead_id, service_line_id, sales_user_id)
       select l.id, s.service_line_id, s.sales_user_id from leads l, lead_service_lines s
       where l.id > ? and s.lead_id = ?`,
      [lastLead, sample.leadId],
    );
    await cloneRows(stack.knex, 'quotations', sample.quotationId, ROWS, {
      number: `'BENCH/' || g.n`,
      lead_id: `(select id from leads where code = ${code})`,
      customer_name: `'PT ' || ${word}`,
    });
    await stack.knex.raw('analyze');
    const lists: Array<[string, string, string]> = [
      ['lead', '/api/leads?page=1&pageSize=25', sales],
      ['lead', `/api/leads?page=${Math.floor(ROWS / 50)}&pageSize=25`, sales],
      ['lead', '/api/leads?q=abc&pageSize=25', sales],
      ['quotation', '/api/quotations?page=1&pageSize=25', sales],
      ['quotation', `/api/quotations?page=${Math.floor(ROWS / 50)}&pageSize=25`, sales],
      ['quotation', '/api/quotations?q=abc&pageSize=25', sales],
      ['approvals', '/api/approvals/pending', dirSales],
      ['approvals', '/api/approvals/dashboard', dirSales],
      ['revenue', '/api/sales-revenue', admin],
    ];
    for (const [, path, token] of lists) await request('GET', path, { token }); // caches warm, as in use
    const listSamples = lists.map(() => [] as number[]);
    for (let i = 0; i < SAMPLES; i++)
      for (const [index, [, path, token]] of lists.entries()) {
        const answer = await timed(listSamples[index], () => request('GET', path, { token }));
        if (answer.status !== 200) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
      }

    const floorP50 = percentile(floorSamples, 50);
    const localFloorP50 = percentile(localFloorSamples, 50);
    const httpP50 = percentile(httpSamples, 50);
    const stepP50 = percentile([...stepSaves[4], ...stepSaves[5]], 50);
    const worstOf = (kind: string) =>
      Math.max(...lists.flatMap(([k], i) => (k === kind ? [percentile(listSamples[i], 95)] : [])));
    const rows: Array<[string, string]> = [
      ['floor: no-op Update p50', `${round(floorP50)} ms`],
      ['Update running a no-op local activity p50', `${round(localFloorP50)} ms (${round(localFloorP50 / floorP50)}×)`],
      ['HTTP round trip (GET /health) p50', `${round(httpP50)} ms (${round(httpP50 / floorP50)}×)`],
      [
        'least a persisting command costs (the two above)',
        `${round(localFloorP50 + httpP50)} ms (${round((localFloorP50 + httpP50) / floorP50)}×)`,
      ],
      [
        'step 4 save p50',
        `${round(percentile(stepSaves[4], 50))} ms (${round(percentile(stepSaves[4], 50) / floorP50)}×)`,
      ],
      [
        'step 5 save p50',
        `${round(percentile(stepSaves[5], 50))} ms (${round(percentile(stepSaves[5], 50) / floorP50)}×)`,
      ],
      ['approval decision p50', `${round(decisionP50)} ms (${round(decisionP50 / floorP50)}×)`],
      ...Object.entries(lifecycles).map(([name, value]): [string, string] => [`lifecycles/min ${name}`, `${value}`]),
      ...lists.map(([, path], i): [string, string] => [
        `p95 GET ${path}`,
        `${round(percentile(listSamples[i], 95))} ms`,
      ]),
    ];
    const width = Math.max(...rows.map(([name]) => name.length));
    process.stdout.write(`\nnpm run bench:stack (${ROWS} leads and quotations, ${SECONDS} s per throughput figure)\n`);
    for (const [name, value] of rows) process.stdout.write(`${name.padEnd(width)}  ${value}\n`);
    process.stdout.write(
      `${JSON.stringify({
        stepSaveP50Ms: round(stepP50),
        floorUpdateP50Ms: round(floorP50),
        stepSaveRatio: round(stepP50 / floorP50),
        // Against the least any persisting command over HTTP costs (README, Performance).
        stepSaveOverCommandFloor: round(stepP50 / (localFloorP50 + httpP50)),
        floorLocalActivityP50Ms: round(localFloorP50),
        httpP50Ms: round(httpP50),
        decisionRatio: round(decisionP50 / floorP50),
        lifecyclesPerMinute: lifecycles.toApproval4,
        lifecyclesToActivationPerMinute: lifecycles.toActivation4,
        leadListP95Ms: round(worstOf('lead')),
        quotationListP95Ms: round(worstOf('quotation')),
        approvalsListP95Ms: round(worstOf('approvals')),
        revenueListP95Ms: round(worstOf('revenue')),
      })}\n`,
    );
    await floor.terminate('benchmark done');
  } finally {
    floorWorker.shutdown();
    await floorRun;
    await connection.close();
    await stack.stop();
    await services.stop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
