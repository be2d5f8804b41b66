// The newcomer's `npm start` path, end to end, as an operator would try it: embedded Postgres and the Temporal dev
// server under a fresh data directory, the worker and the API as supervised children. A part killed with SIGKILL is
// restarted by itself; a supervisor killed with SIGKILL leaves parts that the next start cleans up; SIGTERM stops
// everything and leaves no process behind.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../src/config';
import { freePort } from '../../src/db/embedded-postgres';

jest.setTimeout(240_000);

function processesUsing(dir: string): string[] {
  return execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes(dir));
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

let dataDir: string;
let env: NodeJS.ProcessEnv;
let port: number;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cais-start-'));
  const [apiPort, pgPort, temporalPort, uiPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  port = apiPort;
  env = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    METRICS_PORT: '0',
    EMBEDDED_POSTGRES_PORT: String(pgPort),
    TEMPORAL_PORT: String(temporalPort),
    TEMPORAL_UI_PORT: String(uiPort),
    TEMPORAL_METRICS_ADDRESS: `127.0.0.1:${await freePort()}`,
    ADMIN_PASSWORD: 'start-test-password',
    LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL;
  delete env.TEMPORAL_ADDRESS;
});

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function start(): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main/start.ts'], { cwd: projectRoot, env });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitFor(what: string, ok: () => Promise<boolean> | boolean, output: () => string, ms = 120_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && !output().includes('start failed')) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out waiting for ${what}:\n${output()}`);
}

async function ready(): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/ready`);
    return response.status === 200;
  } catch {
    return false;
  }
}

const pidOf = (part: string) =>
  (JSON.parse(fs.readFileSync(path.join(dataDir, 'run', `${part}.pid`), 'utf8')) as { pid: number }).pid;

it('starts everything from nothing, heals killed parts, cleans up after a killed supervisor, and stops on SIGTERM', async () => {
  const first = start();
  await waitFor('CAIS is running', () => first.output().includes('CAIS is running'), first.output);
  expect(first.output()).toContain(`API          http://localhost:${port}/api`);
  expect(await ready()).toBe(true);
  const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login: 'admin@cais.local', password: 'start-test-password' }),
  });
  expect(login.status).toBe(200);
  expect(fs.existsSync(path.join(dataDir, 'temporal.db'))).toBe(true);

  // A part killed outright comes back by itself.
  for (const part of ['worker', 'temporal', 'api']) {
    const before = pidOf(part);
    process.kill(before, 'SIGKILL');
    await waitFor(`${part} restarted`, async () => pidOf(part) !== before && (await ready()), first.output);
  }
  expect(first.output()).toContain('a part exited unexpectedly; restarting');

  // The supervisor killed outright leaves its parts; the next start stops them and comes up on the same ports.
  const leftovers = ['postgres', 'temporal', 'worker', 'api'].map(pidOf);
  first.child.kill('SIGKILL');
  await first.exited;
  const second = start();
  await waitFor('CAIS is running again', () => second.output().includes('CAIS is running'), second.output);
  expect(leftovers.filter(alive)).toEqual([]);
  expect(await ready()).toBe(true);

  second.child.kill('SIGTERM');
  expect(await second.exited).toBe(0);
  const parts = ['postgres', 'temporal', 'worker', 'api'].filter((p) =>
    fs.existsSync(path.join(dataDir, 'run', `${p}.pid`)),
  );
  expect(parts).toEqual([]);
  expect(processesUsing(dataDir)).toEqual([]);
});
