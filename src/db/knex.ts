import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { Model } from 'objection';
import pg from 'pg';
import { projectRoot } from '../config';

// Calendar dates stay 'YYYY-MM-DD' strings (a JS Date would shift them by the server's time zone), and
// NUMERIC columns (rupiah with 2 decimals, rates) arrive as numbers: every amount we store is far below 2^53.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));

export const migrationConfig: Knex.MigratorConfig = {
  directory: path.join(projectRoot, 'migrations'),
  loadExtensions: ['.ts'],
  tableName: 'knex_migrations',
};

// One pool per role (API, worker); Objection models are bound to the last one made (queries pass their knex anyway).
// Short connection timeouts: with the database down a request fails in seconds (503), not after knex's 60 s.
export function createKnex(databaseUrl: string, poolMax = 10): Knex {
  const knex = knexFactory({
    client: 'pg',
    connection: { connectionString: databaseUrl, connectionTimeoutMillis: 3000 },
    pool: { min: 0, max: poolMax },
    acquireConnectionTimeout: 5000,
    migrations: migrationConfig,
  });
  Model.knex(knex);
  return knex;
}

export async function migrateLatest(knex: Knex): Promise<string[]> {
  const [, applied] = await knex.migrate.latest(migrationConfig);
  return applied as string[];
}
