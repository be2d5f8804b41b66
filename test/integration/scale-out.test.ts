// Scale-out without containers: two API processes and two worker processes, each in its own working folder, against
// one Postgres and one Temporal server. One worker is killed (SIGKILL) in the middle of a run of step saves: every
// command is applied exactly once (retried under its Idempotency-Key while pending), and a file uploaded through one
// API downloads from the other (files live in the shared store, not on a process's disk).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { temporal } from '@temporalio/proto';
import { Client, Connection } from '@temporalio/client';
import { hashPassword } from '../../src/auth/passwords';
import { projectRoot } from '../../src/config';
import { freePort } from '../../src/db/embedded-postgres';
import { quotationWorkflowId } from '../../workflows/quotation-contract';
import { createTestDatabase, type TestDatabase } from '../support/database';

jest.setTimeout(240_000);
const EventType = temporal.api.enums.v1.EventType;

let db: TestDatabase;
let client: Client;
let connection: Connection;
const children: ChildProcess[] = [];
const folders: string[] = [];
const apis: string[] = [];
const workers: ChildProcess[] = [];
const taskQueue = `scale-${randomUUID()}`;
// Each process runs in its own folder, so tsx is named by its place in this project.
const tsxLoader = pathToFileURL(path.join(projectRoot, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

async function launch(script: string, extra: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'cais-part-'));
  folders.push(folder);
  const child = spawn(process.execPath, ['--import', tsxLoader, path.join(projectRoot, script)], {
    cwd: folder,
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS,
      TEMPORAL_TASK_QUEUE: taskQueue,
      DATA_DIR: folder,
      STORAGE_DIR: path.join(folder, 'files'),
      WORKFLOW_UPDATE_TIMEOUT_MS: '4000',
      LOG_LEVEL: 'error',
      ...extra,
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.on('message', (m: { ready?: boolean }) => m.ready && resolve());
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  return child;
}

beforeAll(async () => {
  db = await createTestDatabase();
  for (let i = 0; i < 2; i++) workers.push(await launch('src/main/worker.ts', {}));
  for (let i = 0; i < 2; i++) {
    const port = await freePort();
    await launch('src/main/api.ts', { PORT: String(port), METRICS_PORT: '0' });
    apis.push(`http://127.0.0.1:${port}`);
  }
  connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  client = new Client({ connection });
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  await Promise.all(
    children.map((c) => new Promise((r) => (c.exitCode !== null || c.signalCode ? r(null) : c.once('exit', r)))),
  );
  await connection?.close();
  await db?.drop();
  for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
});

async function call(api: string, method: string, url: string, token: string, body?: unknown, key?: string) {
  const response = await fetch(api + url, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...(key ? { 'Idempotency-Key': key } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

// A client that does the right thing with 202 and 503: the same request again, with the same key.
async function until200(api: string, url: string, token: string, body: unknown, key: string) {
  for (let attempt = 0; attempt < 40; attempt++) {
    const response = await call(api, 'PUT', url, token, body, key);
    if (response.status === 200) return response.body;
    if (![202, 503].includes(response.status))
      throw new Error(`${url}: ${response.status} ${JSON.stringify(response.body)}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`${url} never completed`);
}

it('applies every command once across two APIs while a worker dies, and serves files from either API', async () => {
  const email = `scale-${randomUUID().slice(0, 8)}@test.local`;
  const role = await db.knex('roles').where({ code: 'sales' }).first();
  await db.knex('users').insert({
    email,
    username: email.split('@')[0],
    full_name: 'Scale Test',
    password_hash: await hashPassword('scale-password'),
    role_id: role.id,
  });
  const login = await fetch(`${apis[0]}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login: email, password: 'scale-password' }),
  });
  const { accessToken: token } = (await login.json()) as { accessToken: string };
  const branch =
    (await db.knex('branches').first('id')) ?? (await db.knex('branches').insert({ name: 'Scale' }).returning('id'))[0];
  const lead = await call(apis[0], 'POST', '/api/leads', token, {
    companyName: `PT Skala ${randomUUID().slice(0, 6).replace(/[0-9]/g, 'x')}`,
    picName: 'Budi',
    branchId: branch.id,
    serviceLineIds: [1],
    provinceCode: '32',
    cityCode: '32.75',
  });
  expect(lead.status).toBe(201);
  const entityId = (await db.knex('entities').where({ code: 'GSU' }).first()).id;
  const quotations: number[] = [];
  for (let i = 0; i < 4; i++) {
    const q = await call(apis[i % 2], 'POST', '/api/quotations', token, { leadId: lead.body.id, entityId });
    expect(q.status).toBe(201);
    quotations.push(q.body.id);
  }

  // Three rounds of step-1 saves on every quotation, alternating APIs; the first worker is killed mid-way.
  const kinds = ['PKWT', 'PKHL', 'PKWT'];
  for (const [round, contractKind] of kinds.entries()) {
    await Promise.all(
      quotations.map((id, i) =>
        until200(
          apis[(i + round) % 2],
          `/api/quotations/${id}/steps/1`,
          token,
          { contractKind },
          `scale-${id}-${round}`,
        ),
      ),
    );
    if (round === 0) workers[0].kill('SIGKILL');
  }
  for (const id of quotations) {
    const row = await db.knex('quotations').where({ id }).first();
    expect(row.version).toBe(1 + kinds.length);
    const history = await client.workflow.getHandle(quotationWorkflowId(id)).fetchHistory();
    const accepted = (history.events ?? []).filter(
      (e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED,
    );
    expect(accepted).toHaveLength(kinds.length);
  }

  const form = new FormData();
  const content = `%PDF-1.4 scale-out ${randomUUID()}`;
  form.append('files', new Blob([content], { type: 'application/pdf' }), 'proof.pdf');
  const uploaded = await fetch(`${apis[0]}/api/files?purpose=activity`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
    body: form,
  });
  expect(uploaded.status).toBe(201);
  const [file] = ((await uploaded.json()) as { data: Array<{ id: number }> }).data;
  for (const api of apis) {
    const download = await fetch(`${api}/api/files/${file.id}`, { headers: { Authorization: `Bearer ${token}` } });
    expect(download.status).toBe(200);
    expect(await download.text()).toBe(content);
  }
});
