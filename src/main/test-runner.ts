// `npm test`: starts throwaway backing services (embedded PostgreSQL, Temporal dev server) unless configured,
// hands their addresses to Jest through env vars, runs every suite, stops the services and exits with Jest's code.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../config';
import { logger } from '../logger';
import { startTestServices } from './test-services';

async function main(): Promise<number> {
  const services = await startTestServices();
  try {
    const jest = path.join(projectRoot, 'node_modules', 'jest', 'bin', 'jest.js');
    const results = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cais-jest-')), 'results.json');
    const args = [jest, '--ci', '--json', `--outputFile=${results}`, ...process.argv.slice(2)];
    const child = spawn(process.execPath, args, {
      cwd: projectRoot,
      stdio: 'inherit',
      env: { ...process.env, ...services.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'error' },
    });
    const code = await new Promise<number>((resolve) =>
      child.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0))),
    );
    printTally(results);
    fs.rmSync(path.dirname(results), { recursive: true, force: true });
    return code;
  } finally {
    await services.stop();
  }
}

/** Jest's own summary has no shape CI tools read; this plain last line ("Tests: N passed, N failed, N skipped") does. */
function printTally(results: string): void {
  if (!fs.existsSync(results)) return; // Jest stopped before running (a configuration error it has printed)
  const { numPassedTests, numFailedTests, numPendingTests } = JSON.parse(fs.readFileSync(results, 'utf8')) as Record<
    string,
    number
  >;
  process.stdout.write(`Tests: ${numPassedTests} passed, ${numFailedTests} failed, ${numPendingTests} skipped\n`);
}

main().then(
  (code) => process.exit(code),
  (error) => {
    logger.error({ err: error }, 'test run failed to start');
    process.exit(1);
  },
);
