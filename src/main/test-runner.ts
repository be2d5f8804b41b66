// `npm test`: starts throwaway backing services (embedded PostgreSQL, Temporal dev server) unless configured,
// hands their addresses to Jest through env vars, runs every suite, stops the services and exits with Jest's code.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../config';
import { logger } from '../logger';
import { startTestServices } from './test-services';

async function main(): Promise<number> {
  const services = await startTestServices();
  try {
    const jest = path.join(projectRoot, 'node_modules', 'jest', 'bin', 'jest.js');
    const child = spawn(process.execPath, [jest, '--ci', ...process.argv.slice(2)], {
      cwd: projectRoot,
      stdio: 'inherit',
      env: { ...process.env, ...services.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'error' },
    });
    return await new Promise<number>((resolve) =>
      child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))),
    );
  } finally {
    await services.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    logger.error({ err: error }, 'test run failed to start');
    process.exit(1);
  },
);
