// Postgres unreachable: every request, login included, answers 503 problem+json with Retry-After within seconds
// (never 500), and the API recovers by itself when the database is back. The API reaches Postgres through a TCP
// proxy the test can cut, as a network or server outage would.
import net from 'node:net';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../src/config';
import { hashPassword } from '../../src/auth/passwords';
import { createKnex } from '../../src/db/knex';
import { logger } from '../../src/logger';
import { runApi, type Stop } from '../../src/main/roles';
import { createTestDatabase, type TestDatabase } from '../support/database';

let db: TestDatabase;
let stopApi: Stop;
let stopKnex: () => Promise<void>;
let base: string;
let proxy: net.Server | undefined;
const sockets = new Set<net.Socket>();
let proxyPort = 0;

function openProxy(target: URL): Promise<void> {
  proxy = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => s.destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  return new Promise((resolve) => proxy!.listen(proxyPort, '127.0.0.1', () => resolve()));
}

async function cutProxy(): Promise<void> {
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => proxy!.close(resolve));
}

const email = `outage-${randomUUID().slice(0, 8)}@test.local`;
const password = `pw-${randomUUID()}`;

beforeAll(async () => {
  db = await createTestDatabase();
  const target = new URL(db.url);
  await openProxy(target);
  proxyPort = (proxy!.address() as net.AddressInfo).port;
  const role = await db.knex('roles').where({ code: 'sales' }).first();
  await db.knex('users').insert({
    email,
    username: email.split('@')[0],
    full_name: 'Outage Test',
    password_hash: await hashPassword(password),
    role_id: role.id,
  });
  const viaProxy = new URL(db.url);
  viaProxy.host = `127.0.0.1:${proxyPort}`;
  const knex = createKnex(viaProxy.toString(), 5);
  stopKnex = () => knex.destroy();
  const api = await runApi(
    { ...loadConfig(), taskQueue: `outage-${randomUUID()}`, metricsPort: 0 },
    knex,
    process.env.TEMPORAL_ADDRESS!,
    logger,
    0,
  );
  stopApi = api.stop;
  base = `http://127.0.0.1:${api.port}`;
});

afterAll(async () => {
  await stopApi?.();
  await stopKnex?.();
  if (proxy?.listening) await cutProxy();
  await db?.drop();
});

const login = () =>
  fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login: email, password }),
  });

it('answers 503 with Retry-After while the database is unreachable, and recovers without intervention', async () => {
  const first = await login();
  expect(first.status).toBe(200);
  const { accessToken } = (await first.json()) as { accessToken: string };
  const auth = { Authorization: `Bearer ${accessToken}` };

  await cutProxy();
  for (const request of [
    () => login(),
    () => fetch(`${base}/api/leads?pageSize=5`, { headers: auth }),
    () => fetch(`${base}/api/auth/me`, { headers: auth }),
  ]) {
    const started = Date.now();
    const response = await request();
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.headers.get('retry-after')).toBe('5');
    expect(((await response.json()) as { detail: string }).detail).toMatch(/database/);
    expect(Date.now() - started).toBeLessThan(10_000);
  }
  const ready = await fetch(`${base}/ready`);
  expect(ready.status).toBe(503);

  await openProxy(new URL(db.url));
  const back = await fetch(`${base}/api/auth/me`, { headers: auth });
  expect(back.status).toBe(200);
  expect((await login()).status).toBe(200);
});
