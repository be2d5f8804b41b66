// The JWT signing key: JWT_SECRET when set, otherwise one generated on first start and kept in Postgres so
// every API process (and restarts) share it.
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';

export async function loadJwtKey(knex: Knex, configured?: string): Promise<Uint8Array> {
  if (configured) return new TextEncoder().encode(configured);
  await knex('app_secrets').insert({ name: 'jwt', value: randomBytes(48).toString('base64') }).onConflict('name').ignore();
  const row = await knex('app_secrets').where({ name: 'jwt' }).first();
  return Buffer.from(row.value, 'base64');
}
