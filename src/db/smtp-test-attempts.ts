// The per-user limit on tests of one's own SMTP settings: each test connects to an outside server, so a user may
// start only a few in a window. Atomic under an advisory lock per user, so parallel tests cannot all pass a count
// taken before any of them was recorded; kept in Postgres so every API process sees the same count.
import type { Knex } from 'knex';

export interface SmtpTestLimit {
  max: number;
  windowSeconds: number;
}

export const SMTP_TEST_LIMIT: SmtpTestLimit = { max: 5, windowSeconds: 10 * 60 };

// Records a test and answers 0, or answers the seconds until the oldest test in the window leaves it.
export async function reserveSmtpTest(knex: Knex, userId: number, limit = SMTP_TEST_LIMIT): Promise<number> {
  return knex.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(hashtextextended(?, 7))', [`smtp-test:${userId}`]);
    const since = new Date(Date.now() - limit.windowSeconds * 1000);
    const recent: Date[] = await trx('smtp_test_attempts')
      .where('user_id', userId)
      .where('created_at', '>', since)
      .orderBy('created_at')
      .pluck('created_at');
    if (recent.length >= limit.max) return Math.max(1, Math.ceil((recent[0].getTime() - since.getTime()) / 1000));
    await trx('smtp_test_attempts').insert({ user_id: userId });
    return 0;
  });
}
