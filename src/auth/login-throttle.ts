// Login rate limit per account and per client IP over a sliding window, kept in Postgres so every API process
// sees the same counts. Atomic: an attempt reserves its place (recorded as a failure) under advisory locks on its
// account and IP before the password is checked, so parallel wrong guesses cannot all pass a check made before any of
// them was recorded; a successful attempt takes back only its own reservation, so it never wipes others' failures.
// The per-IP limit spares an account at an address it signed in from within KNOWN_DAYS: colleagues behind one office
// address keep working while an attacker there is held back on every other account.
import type { Knex } from 'knex';

const KNOWN_DAYS = 90;

export interface ThrottleLimits {
  maxPerAccount: number;
  maxPerIp: number;
  windowSeconds: number;
}

// The id of this attempt's reservation, or null when the account or the IP is over its limit.
export async function reserveLoginAttempt(
  knex: Knex,
  account: string,
  ip: string,
  limits: ThrottleLimits,
): Promise<string | null> {
  return knex.transaction(async (trx) => {
    // Always account first, then IP: two attempts never wait on each other in opposite orders.
    await trx.raw('select pg_advisory_xact_lock(hashtextextended(?, 7))', [`login-account:${account}`]);
    await trx.raw('select pg_advisory_xact_lock(hashtextextended(?, 7))', [`login-ip:${ip}`]);
    const since = new Date(Date.now() - limits.windowSeconds * 1000);
    const [{ byAccount, byIp }] = await trx('login_failures')
      .where('created_at', '>', since)
      .select(
        trx.raw('count(*) filter (where account = ?)::int as "byAccount"', [account]),
        trx.raw('count(*) filter (where ip = ?)::int as "byIp"', [ip]),
      );
    const known = await trx('login_known_addresses')
      .where({ account, ip })
      .where('last_success_at', '>', new Date(Date.now() - KNOWN_DAYS * 86_400_000))
      .first();
    if (byAccount >= limits.maxPerAccount || (byIp >= limits.maxPerIp && !known)) return null;
    const [{ id }] = await trx('login_failures').insert({ account, ip }).returning('id');
    return String(id);
  });
}

// The attempt succeeded: its reservation was no failure, and the account is now known at this address.
export async function releaseLoginAttempt(knex: Knex, attemptId: string, account: string, ip: string): Promise<void> {
  await knex.transaction(async (trx) => {
    await trx('login_failures').where({ id: attemptId }).delete();
    await trx('login_known_addresses')
      .insert({ account, ip, last_success_at: trx.fn.now() })
      .onConflict(['account', 'ip'])
      .merge({ last_success_at: trx.fn.now() });
  });
}
