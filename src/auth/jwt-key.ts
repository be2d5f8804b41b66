// The JWT signing key: JWT_SECRET when set, otherwise one generated on first start (see app-secrets).
import type { Knex } from 'knex';
import { loadAppSecret } from './app-secrets';

export async function loadJwtKey(knex: Knex, configured?: string): Promise<Uint8Array> {
  return new Uint8Array(await loadAppSecret(knex, 'jwt', 48, configured));
}
