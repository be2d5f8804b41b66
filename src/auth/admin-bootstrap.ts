// The first administrator: created once, from ADMIN_EMAIL / ADMIN_PASSWORD, or with a generated password
// that is printed exactly once.
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { Logger } from '../logger';
import { hashPassword } from './passwords';

export async function ensureAdmin(
  knex: Knex,
  email: string,
  password: string | undefined,
  logger: Logger,
): Promise<void> {
  if (await knex('users').whereRaw('lower(email) = lower(?)', [email]).first()) return;
  const role = await knex('roles').where({ code: 'superadmin' }).first();
  const chosen = password ?? randomBytes(12).toString('base64url');
  const inserted = await knex('users')
    .insert({
      email,
      username: 'admin',
      full_name: 'Administrator',
      password_hash: await hashPassword(chosen),
      role_id: role.id,
    })
    .onConflict()
    .ignore()
    .returning('id');
  if (inserted.length === 0) return; // another process created it meanwhile
  if (password) logger.info({ email }, 'administrator created from ADMIN_EMAIL / ADMIN_PASSWORD');
  else
    process.stdout.write(
      `\n  Administrator created: ${email} / ${chosen}\n  (shown once; change it or set ADMIN_PASSWORD)\n\n`,
    );
}
