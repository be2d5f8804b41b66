// The throwaway backing services the tests and the stack benchmark run against: embedded PostgreSQL and a Temporal
// dev server unless configured, and a migrated template database each test database is copied from.
import { loadConfig } from '../config';
import { createKnex, migrateLatest } from '../db/knex';
import { freePort } from '../db/embedded-postgres';
import { logger } from '../logger';
import { startServices } from './services';

export interface TestServices {
  // What test/support/stack.ts reads to find them.
  env: { CAIS_TEST_DATABASE_URL: string; CAIS_TEST_TEMPLATE_DATABASE: string; TEMPORAL_ADDRESS: string };
  stop(): Promise<void>;
}

export async function startTestServices(): Promise<TestServices> {
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
    return {
      env: {
        CAIS_TEST_DATABASE_URL: services.databaseUrl,
        CAIS_TEST_TEMPLATE_DATABASE: await createTemplateDatabase(services.databaseUrl),
        TEMPORAL_ADDRESS: services.temporalAddress,
      },
      stop: () => services.stop(),
    };
  } catch (error) {
    await services.stop();
    throw error;
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
