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

// One pool per process; Objection models are bound to it.
export function createKnex(databaseUrl: string, poolMax = 10): Knex {
  const knex = knexFactory({
    client: 'pg',
    connection: databaseUrl,
    pool: { min: 0, max: poolMax },
    migrations: migrationConfig,
  });
  Model.knex(knex);
  return knex;
}

export async function migrateLatest(knex: Knex): Promise<string[]> {
  const [, applied] = await knex.migrate.latest(migrationConfig);
  return applied as string[];
}
