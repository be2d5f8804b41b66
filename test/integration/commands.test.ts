// The command contract: an Update not finished by WORKFLOW_UPDATE_TIMEOUT_MS answers 202 with a command resource that
// later tells its outcome; a retry with the same key gets that outcome and applies nothing twice; rejections are kept;
// no database connection is held while a command waits.
import { temporal } from '@temporalio/proto';
import { quotationWorkflowId } from '../../workflows/quotation-contract';
import { Stack } from '../support/stack';
import { until } from '../support/until';

const EventType = temporal.api.enums.v1.EventType;
// A restarted worker takes the update once the stopped worker's sticky queue times out and, when a poll was
// answered as the worker went away, once that workflow task times out (10 s): generous for a loaded CI machine.
const RESTARTED_WORKER_MS = 60_000;
jest.setTimeout(RESTARTED_WORKER_MS + 30_000);
let stack: Stack;
let token: string;
let entityId: number;

beforeAll(async () => {
  stack = await Stack.start({ updateTimeoutMs: 1500 });
  token = (await stack.tokenFor('sales')).token;
  entityId = (await stack.knex('entities').where({ code: 'GSU' }).first()).id;
});

afterAll(() => stack?.stop());

async function newQuotation(): Promise<number> {
  const lead = await stack.createLead(token);
  const q = await stack.request('POST', '/api/quotations', { token, body: { leadId: lead.id, entityId } });
  expect(q.status).toBe(201);
  return q.body.id;
}

const saveStep1 = (id: number, key?: string, contractKind = 'PKWT') =>
  stack.request('PUT', `/api/quotations/${id}/steps/1`, {
    token,
    body: { contractKind },
    headers: key ? { 'Idempotency-Key': key } : {},
  });

// Follows a step-1 save's command resource until it succeeds. An update the server dropped with the stopped worker is
// reported not_applied; then, as the README asks of a client, the command is sent again under the same key.
function untilStep1Succeeds(id: number, location: string, what: string) {
  const key = location.slice('/api/commands/'.length);
  return until(
    async () => {
      const body = (await stack.request('GET', location, { token })).body;
      if (body.state === 'not_applied') await saveStep1(id, key);
      return body;
    },
    (body) => body.state === 'succeeded',
    what,
    RESTARTED_WORKER_MS,
  );
}

async function acceptedUpdates(id: number) {
  const history = await stack.temporal.workflow.getHandle(quotationWorkflowId(id)).fetchHistory();
  return (history.events ?? []).filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED);
}

describe('a command whose outcome is not known in time', () => {
  afterEach(() => stack.startWorker());

  it('answers 202 with a command resource, which tells the outcome once the worker is back', async () => {
    const id = await newQuotation();
    await stack.stopWorker();
    const key = `cmd-${id}-pending-1`;
    const started = Date.now();
    const pending = await saveStep1(id, key);
    expect(pending.status).toBe(202);
    // Honoured to within a second: the deadline is 1.5 s here.
    expect(Date.now() - started).toBeLessThan(1500 + 1000);
    expect(pending.headers.get('location')).toBe(`/api/commands/${key}`);
    expect(pending.body).toMatchObject({ state: 'pending', commandId: key });
    const meanwhile = await stack.request('GET', `/api/commands/${key}`, { token });
    expect(meanwhile.status).toBe(200);
    expect(meanwhile.body.state).toBe('pending');

    await stack.startWorker();
    const done = await untilStep1Succeeds(id, `/api/commands/${key}`, 'the pending step save to succeed');
    expect(done.result).toMatchObject({ id, version: 2, contractKind: 'PKWT' });
    // A retry with the same key answers the outcome and applies nothing again.
    const retry = await saveStep1(id, key);
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ id, version: 2 });
    expect(await acceptedUpdates(id)).toHaveLength(1);
    expect((await stack.knex('quotations').where({ id }).first()).version).toBe(2);
  });

  it('gives a command sent without a key an id of its own to follow', async () => {
    const id = await newQuotation();
    await stack.stopWorker();
    const pending = await saveStep1(id);
    expect(pending.status).toBe(202);
    const location = pending.headers.get('location')!;
    expect(location).toMatch(/^\/api\/commands\/[0-9a-f-]{36}$/);
    await stack.startWorker();
    const done = await untilStep1Succeeds(id, location, 'the keyless step save to succeed');
    expect(done.result.version).toBe(2);
  });

  it('keeps API reads answering while commands wait (no connection is held)', async () => {
    const ids = await Promise.all(Array.from({ length: 12 }, () => newQuotation()));
    await stack.stopWorker();
    const commands = ids.map((id) => saveStep1(id, `cmd-${id}-starve`));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();
    const me = await stack.request('GET', '/api/auth/me', { token });
    const leads = await stack.request('GET', '/api/leads?pageSize=5', { token });
    expect(me.status).toBe(200);
    expect(leads.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1000);
    const answers = await Promise.all(commands);
    expect(answers.map((a) => a.status)).toEqual(ids.map(() => 202));
  });
});

describe('the command resource', () => {
  it('keeps a rejection: a retry with the same key is refused the same way', async () => {
    const id = await newQuotation();
    const key = `cmd-${id}-stale`;
    const stale = await stack.request('PUT', `/api/quotations/${id}/steps/1`, {
      token,
      body: { contractKind: 'PKWT', expectedVersion: 7 },
      headers: { 'Idempotency-Key': key },
    });
    expect(stale.status).toBe(409);
    const status = await stack.request('GET', `/api/commands/${key}`, { token });
    expect(status.body).toMatchObject({ state: 'rejected', statusCode: 409 });
    const again = await stack.request('PUT', `/api/quotations/${id}/steps/1`, {
      token,
      body: { contractKind: 'PKWT', expectedVersion: 7 },
      headers: { 'Idempotency-Key': key },
    });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
  });

  it('refuses a key reused for another request, and is private to its sender', async () => {
    const id = await newQuotation();
    const key = `cmd-${id}-reuse`;
    expect((await saveStep1(id, key)).status).toBe(200);
    const other = await saveStep1(id, key, 'PKHL');
    expect(other.status).toBe(422);
    expect(other.body.errors[0].field).toBe('Idempotency-Key');
    const stranger = (await stack.tokenFor('sales')).token;
    expect((await stack.request('GET', `/api/commands/${key}`, { token: stranger })).status).toBe(404);
    expect((await stack.request('GET', '/api/commands/no-such-command', { token })).status).toBe(404);
  });
});

describe('metrics', () => {
  it('exports command outcomes, HTTP latency per route and pool usage in Prometheus format, on its own listener', async () => {
    expect((await fetch(`${stack.baseUrl}/metrics`)).status).toBe(404); // not on the API's port
    const response = await fetch(stack.metricsUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    const value = (pattern: RegExp) => Number(text.match(pattern)?.[1] ?? 0);
    expect(value(/cais_commands_total\{command="quotation\.step1",outcome="accepted_pending"\} (\d+)/)).toBeGreaterThan(
      0,
    );
    expect(value(/cais_commands_total\{command="quotation\.step1",outcome="applied"\} (\d+)/)).toBeGreaterThan(0);
    expect(value(/cais_commands_total\{command="quotation\.step1",outcome="rejected"\} (\d+)/)).toBeGreaterThan(0);
    expect(text).toMatch(
      /cais_http_request_duration_seconds_count\{method="PUT",route="\/api\/quotations\/:id\/steps\/1",status="200"\} \d+/,
    );
    expect(text).toMatch(/cais_db_pool_connections\{pool="api",state="max"\} \d+/);
  });
});
