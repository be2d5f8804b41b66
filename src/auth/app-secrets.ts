// Secrets generated on first start and kept in Postgres, so every API and worker process (and restarts) share
// them; a configured value (env) wins.
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';

export async function loadAppSecret(knex: Knex, name: string, bytes: number, configured?: string): Promise<Buffer> {
  if (configured) return Buffer.from(configured);
  await knex('app_secrets')
    .insert({ name, value: randomBytes(bytes).toString('base64') })
    .onConflict('name')
    .ignore();
  const row = await knex('app_secrets').where({ name }).first();
  return Buffer.from(row.value, 'base64');
}
