// Temporal frozen (SIGSTOP) while 20 commands arrive: each answers 202 within its deadline plus a second, reads keep
// answering within a second, and once Temporal thaws every command is applied exactly once. The suite runs its own
// dev server, so freezing it touches no other suite.
import { spawn, type ChildProcess } from 'node:child_process';
import { temporal } from '@temporalio/proto';
import { Connection } from '@temporalio/client';
import { freePort } from '../../src/db/embedded-postgres';
import { devServerExecutable } from '../../src/temporal/binaries';
import { ALL_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { quotationWorkflowId } from '../../workflows/quotation-contract';
import { Stack } from '../support/stack';
import { until } from '../support/until';

jest.setTimeout(180_000);
const EventType = temporal.api.enums.v1.EventType;
const DEADLINE_MS = 2000;

let server: ChildProcess;
let stack: Stack;
let sharedAddress: string | undefined;

beforeAll(async () => {
  const executable = devServerExecutable();
  if (executable.type !== 'existing-path') throw new Error('the temporal CLI is needed (npm test installs it)');
  const port = await freePort();
  server = spawn(
    executable.path,
    [
      'server',
      'start-dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--headless',
      '--log-level',
      'error',
      ...ALL_SEARCH_ATTRIBUTES.flatMap((a) => ['--search-attribute', `${a.name}=Keyword`]),
    ],
    { stdio: 'ignore' },
  );
  const address = `127.0.0.1:${port}`;
  await until(
    async () => {
      try {
        const connection = await Connection.connect({ address, connectTimeout: 1000 });
        await connection.close();
        return true;
      } catch {
        return false;
      }
    },
    Boolean,
    'the suite’s own dev server',
    60_000,
  );
  sharedAddress = process.env.TEMPORAL_ADDRESS;
  process.env.TEMPORAL_ADDRESS = address;
  stack = await Stack.start({ updateTimeoutMs: DEADLINE_MS });
});

afterAll(async () => {
  server?.kill('SIGCONT');
  await stack?.stop();
  process.env.TEMPORAL_ADDRESS = sharedAddress;
  server?.kill('SIGTERM');
});

it('answers 202 to commands and keeps reads fast while Temporal is frozen, then applies each command once', async () => {
  const { token } = await stack.tokenFor('sales');
  const lead = await stack.createLead(token);
  const entityId = (await stack.knex('entities').where({ code: 'GSU' }).first()).id;
  const ids: number[] = [];
  for (let i = 0; i < 20; i++) {
    const q = await stack.request('POST', '/api/quotations', { token, body: { leadId: lead.id, entityId } });
    expect(q.status).toBe(201);
    ids.push(q.body.id);
  }

  server.kill('SIGSTOP');
  try {
    const started = Date.now();
    const commands = ids.map((id) =>
      stack.request('PUT', `/api/quotations/${id}/steps/1`, {
        token,
        body: { contractKind: 'PKWT' },
        headers: { 'Idempotency-Key': `frozen-${id}` },
      }),
    );
    await new Promise((r) => setTimeout(r, 300));
    for (const path of ['/api/auth/me', '/api/leads?pageSize=5', `/api/quotations/${ids[0]}`]) {
      const readStarted = Date.now();
      expect((await stack.request('GET', path, { token })).status).toBe(200);
      expect(Date.now() - readStarted).toBeLessThan(1000);
    }
    const answers = await Promise.all(commands);
    expect(answers.map((a) => a.status)).toEqual(ids.map(() => 202));
    expect(Date.now() - started).toBeLessThan(DEADLINE_MS + 1000 + 300);
  } finally {
    server.kill('SIGCONT');
  }

  for (const id of ids) {
    const done = await until(
      async () => (await stack.request('GET', `/api/commands/frozen-${id}`, { token })).body,
      (body) => body.state !== 'pending',
      `the command on quotation ${id} to settle`,
      60_000,
    );
    // Sent while frozen, the update reached the run when it thawed, or not at all (the server dropped a request
    // whose caller had given up): then the client sends it again under the same key, as the contract says.
    let version: number | undefined = done.state === 'succeeded' ? done.result.version : undefined;
    expect(['succeeded', 'not_applied']).toContain(done.state);
    for (let attempt = 0; version === undefined && attempt < 30; attempt++) {
      const again = await stack.request('PUT', `/api/quotations/${id}/steps/1`, {
        token,
        body: { contractKind: 'PKWT' },
        headers: { 'Idempotency-Key': `frozen-${id}` },
      });
      if (again.status === 200) version = again.body.version;
      else expect(again.status).toBe(202);
    }
    expect(version).toBe(2);
    const history = await stack.temporal.workflow.getHandle(quotationWorkflowId(id)).fetchHistory();
    const accepted = (history.events ?? []).filter(
      (e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED,
    );
    expect(accepted).toHaveLength(1);
  }
});
