// A fresh, migrated database per test file, on the server the test runner provides.
import { randomBytes, randomInt } from 'node:crypto';
import knexFactory, { type Knex } from 'knex';
import { createKnex, migrateLatest } from '../../src/db/knex';

export function serverUrl(): string {
  const url = process.env.CAIS_TEST_DATABASE_URL;
  if (!url) throw new Error('CAIS_TEST_DATABASE_URL is not set: run the suites through `npm test`');
  return url;
}

export interface TestDatabase {
  url: string;
  knex: Knex;
  drop(): Promise<void>;
}

export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const name = `cais_test_${randomBytes(6).toString('hex')}`;
  const admin = knexFactory({ client: 'pg', connection: serverUrl(), pool: { min: 0, max: 1 } });
  const template = process.env.CAIS_TEST_TEMPLATE_DATABASE;
  const migrate = options.migrate !== false;
  // The test runner provides an already-migrated template; without it (jest run directly) migrate here.
  await admin.raw(migrate && template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  const knex = createKnex(url.toString(), 5);
  if (migrate) {
    if (!template) await migrateLatest(knex);
    // Test files share one Temporal server, and workflow ids derive from row ids: give each database its own
    // id range so two files never produce the same workflow id.
    const offset = randomInt(1, 2_000_000) * 1000;
    for (const table of ['quotations', 'spks', 'pks', 'email_messages'])
      await knex.raw(`ALTER SEQUENCE ${table}_id_seq RESTART WITH ${offset}`);
  }
  return {
    url: url.toString(),
    knex,
    async drop() {
      await knex.destroy();
      await admin.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.destroy();
    },
  };
}
