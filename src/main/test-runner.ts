// `npm test`: starts throwaway backing services (embedded PostgreSQL, Temporal dev server) unless configured,
// hands their addresses to Jest through env vars, runs every suite, stops the services and exits with Jest's code.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { loadConfig, projectRoot } from '../config';
import { createKnex, migrateLatest } from '../db/knex';
import { freePort } from '../db/embedded-postgres';
import { logger } from '../logger';
import { startServices } from './services';

async function main(): Promise<number> {
  const config = loadConfig();
  const services = await startServices(
    {
      dataDir: config.dataDir,
      databaseUrl: config.databaseUrl,
      temporalAddress: config.temporalAddress,
      namespace: config.temporalNamespace,
      persistent: false,
      postgresPort: await freePort(),
    },
    logger,
  );
  try {
    const templateDatabase = await createTemplateDatabase(services.databaseUrl);
    const jest = path.join(projectRoot, 'node_modules', 'jest', 'bin', 'jest.js');
    const child = spawn(process.execPath, [jest, '--ci', ...process.argv.slice(2)], {
      cwd: projectRoot,
      stdio: 'inherit',
      env: {
        ...process.env,
        CAIS_TEST_DATABASE_URL: services.databaseUrl,
        CAIS_TEST_TEMPLATE_DATABASE: templateDatabase,
        TEMPORAL_ADDRESS: services.temporalAddress,
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
      },
    });
    return await new Promise<number>((resolve) =>
      child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))),
    );
  } finally {
    await services.stop();
  }
}

// Migrating once and copying the result per test file (CREATE DATABASE … TEMPLATE) is much faster than
// migrating per file: the location seed alone is ~100k rows.
async function createTemplateDatabase(serverUrl: string): Promise<string> {
  const name = 'cais_test_template';
  const admin = createKnex(serverUrl, 1);
  await admin.raw(`DROP DATABASE IF EXISTS ${name}`);
  await admin.raw(`CREATE DATABASE ${name}`);
  await admin.destroy();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const template = createKnex(url.toString(), 1);
  await migrateLatest(template);
  await template.destroy();
  return name;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    logger.error({ err: error }, 'test run failed to start');
    process.exit(1);
  },
);
