// Login rate limit per account and per client IP over a sliding window, kept in Postgres so every API process
// sees the same counts.
import type { Knex } from 'knex';

export interface ThrottleLimits {
  maxPerAccount: number;
  maxPerIp: number;
  windowSeconds: number;
}

export async function isLoginThrottled(
  knex: Knex,
  account: string,
  ip: string,
  limits: ThrottleLimits,
): Promise<boolean> {
  const since = new Date(Date.now() - limits.windowSeconds * 1000);
  const [{ byAccount, byIp }] = await knex('login_failures')
    .where('created_at', '>', since)
    .select(
      knex.raw('count(*) filter (where account = ?)::int as "byAccount"', [account]),
      knex.raw('count(*) filter (where ip = ?)::int as "byIp"', [ip]),
    );
  return byAccount >= limits.maxPerAccount || byIp >= limits.maxPerIp;
}

export async function recordLoginFailure(knex: Knex, account: string, ip: string): Promise<void> {
  await knex('login_failures').insert({ account, ip });
}

export async function clearLoginFailures(knex: Knex, account: string): Promise<void> {
  await knex('login_failures').where({ account }).delete();
}
