// `npm run test:fuzz`: schemathesis over every operation of the OpenAPI document, as a salesperson and then as a
// superadmin (the admin run may change other users; the sales run goes first so nothing it needs is gone). Checks:
// no server error, status codes, content types and bodies as documented, documented data accepted
// (fuzz_checks.py), undocumented data refused, 405 for undeclared methods. Fails on any failure; the logs stay in
// .data/fuzz/ for reading.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../src/config';
import { Stack } from '../support/stack';

const st = path.join(projectRoot, '.tools', 'fuzz', 'bin', 'st');
const here = path.join(projectRoot, 'test', 'fuzz');
const logs = path.join(projectRoot, '.data', 'fuzz');
const maxExamples = process.env.FUZZ_MAX_EXAMPLES ?? '5';
// A failure names its seed; FUZZ_SEED (with FUZZ_ROLES=superadmin, say) replays that run.
const seed = process.env.FUZZ_SEED ? ['--seed', process.env.FUZZ_SEED] : [];
const roles = (process.env.FUZZ_ROLES ?? 'sales,superadmin').split(',');

// Each run takes minutes (its own budget is the number of examples per operation).
jest.setTimeout(45 * 60 * 1000);

let stack: Stack;
beforeAll(async () => {
  // A session that outlives the run: with the default 15 minutes, the operations fuzzed last would only see 401.
  stack = await Stack.start({ accessTokenTtlSeconds: 3 * 60 * 60 });
  fs.mkdirSync(logs, { recursive: true });
});
afterAll(() => stack?.stop());

function schemathesis(role: string, token: string): Promise<{ code: number; summary: string }> {
  const log = path.join(logs, `${role}.log`);
  const args = [
    '--config-file',
    path.join(here, 'schemathesis.toml'),
    'run',
    `${stack.baseUrl}/openapi.json`,
    '--header',
    `Authorization: Bearer ${token}`,
    '--checks',
    'all',
    '--max-examples',
    maxExamples,
    '--workers',
    '2',
    '--request-timeout',
    '60',
    // Logging out would end the session this run authenticates with.
    '--exclude-path',
    '/api/auth/logout',
    // Health checks judge how fast Hypothesis generates data on a loaded machine, not the API.
    '--suppress-health-check',
    'all',
    '--no-color',
    ...seed,
  ];
  return new Promise((resolve, reject) => {
    const out = fs.openSync(log, 'w');
    const child = spawn(st, args, {
      cwd: logs,
      stdio: ['ignore', out, out],
      env: { ...process.env, SCHEMATHESIS_HOOKS: 'fuzz_checks', PYTHONPATH: here },
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      fs.closeSync(out);
      const text = fs.readFileSync(log, 'utf8');
      // The errors and failures (each with its curl line to reproduce) and the summary; the progress lines are noise.
      const first = ['ERRORS', 'FAILURES', 'SUMMARY'].map((title) => text.indexOf(title)).find((at) => at >= 0);
      // Its closing "=== N warnings in Ns ===" rule is pytest's shape without a test count: CI would read it as a
      // run that executed no test, so it is left out (the count is the test runner's closing line).
      const summary = text
        .slice(first ?? 0)
        .replace(/^=+ .* in [\d.]+s =+$/gm, '')
        .trimEnd();
      resolve({ code: code ?? 1, summary });
    });
  });
}

it.each(roles)('answers every generated request as documented, as %s', async (role) => {
  const branchId = await stack.branch();
  const user = await stack.createUser(role, { branchId });
  const { accessToken } = await stack.login(user);
  if (role === 'sales') await stack.createLead(accessToken);
  const { code, summary } = await schemathesis(role, accessToken);
  process.stdout.write(`schemathesis as ${role}:\n${summary}\n`);
  expect({ code, summary }).toEqual({ code: 0, summary });
});
