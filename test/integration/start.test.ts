// The newcomer's `npm start` path, end to end: embedded Postgres and the Temporal dev server under a fresh data
// directory, migrations, the admin, worker and API; then Ctrl-C stops all of it and leaves no process behind.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../src/config';
import { freePort } from '../../src/db/embedded-postgres';

jest.setTimeout(120_000);

function processesUsing(dir: string): string[] {
  return execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes(dir));
}

it('starts everything from nothing, serves the API, and stops cleanly on SIGINT', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cais-start-'));
  const [port, pgPort, temporalPort, uiPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    EMBEDDED_POSTGRES_PORT: String(pgPort),
    TEMPORAL_PORT: String(temporalPort),
    TEMPORAL_UI_PORT: String(uiPort),
    ADMIN_PASSWORD: 'start-test-password',
    LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL;
  delete env.TEMPORAL_ADDRESS;
  const child = spawn(
    process.execPath,
    [path.join(projectRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'src/main/start.ts'],
    { cwd: projectRoot, env },
  );
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const deadline = Date.now() + 90_000;
    while (!output.includes('CAIS is running') && Date.now() < deadline && child.exitCode === null)
      await new Promise((r) => setTimeout(r, 250));
    if (!output.includes('CAIS is running')) throw new Error(`start did not finish:\n${output}`);
    expect(output).toContain(`API          http://localhost:${port}/api`);
    expect(output).toContain(`Temporal UI  http://localhost:${uiPort}`);

    const ready = await fetch(`http://127.0.0.1:${port}/ready`);
    expect(((await ready.json()) as { checks: object }).checks).toMatchObject({ database: 'ok', temporal: 'ok' });
    const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ login: 'admin@cais.local', password: 'start-test-password' }),
    });
    expect(login.status).toBe(200);
    expect(fs.existsSync(path.join(dataDir, 'temporal.db'))).toBe(true);
  } finally {
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  }
  expect(processesUsing(dataDir)).toEqual([]);
  fs.rmSync(dataDir, { recursive: true, force: true });
});
