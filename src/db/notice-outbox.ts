// The notice outbox: queued by business runs, claimed, sent and settled by the worker's dispatcher.
import type { Knex } from 'knex';

export interface QueuedNotice {
  id: number;
  channel: string;
  notice: any;
  attempts: number;
  notifiedAt: string | null;
}

// Idempotent on `key`: a retried hand-over finds the row it already wrote.
export async function queueNotice(knex: Knex, key: string, channel: string, notice: unknown): Promise<void> {
  await knex('notice_outbox')
    .insert({ key, channel, notice: JSON.stringify(notice) })
    .onConflict('key')
    .ignore();
}

// Up to `limit` due notices, leased for `leaseSeconds` to this dispatcher (others skip them).
export async function claimDueNotices(knex: Knex, limit: number, leaseSeconds: number): Promise<QueuedNotice[]> {
  const { rows } = await knex.raw(
    `UPDATE notice_outbox SET lease_until = now() + make_interval(secs => ?)
     WHERE id IN (
       SELECT id FROM notice_outbox
       WHERE status = 'pending' AND next_attempt_at <= now() AND (lease_until IS NULL OR lease_until < now())
       ORDER BY next_attempt_at, id LIMIT ? FOR UPDATE SKIP LOCKED)
     RETURNING id, channel, notice, attempts, notified_at AS "notifiedAt"`,
    [leaseSeconds, limit],
  );
  return rows.map((r: QueuedNotice) => ({ ...r, id: Number(r.id) }));
}

export async function markNotified(knex: Knex, id: number): Promise<void> {
  await knex('notice_outbox').where({ id }).update({ notified_at: knex.fn.now() });
}

export async function markSent(knex: Knex, id: number): Promise<void> {
  await knex('notice_outbox')
    .where({ id })
    .update({ status: 'sent', sent_at: knex.fn.now(), attempts: knex.raw('attempts + 1'), lease_until: null });
}

// A failed attempt: retried after `retryInSeconds`, or given up (`retryInSeconds` null) for good.
export async function markFailed(knex: Knex, id: number, error: string, retryInSeconds: number | null) {
  await knex('notice_outbox')
    .where({ id })
    .update({
      status: retryInSeconds === null ? 'failed' : 'pending',
      attempts: knex.raw('attempts + 1'),
      last_error: error.slice(0, 1000),
      next_attempt_at: knex.raw('now() + make_interval(secs => ?)', [retryInSeconds ?? 0]),
      lease_until: null,
    });
}

// The operator's "retry now": every waiting notice is due at once. Returns how many.
export async function retryWaitingNotices(knex: Knex): Promise<number> {
  return knex('notice_outbox').where({ status: 'pending' }).update({ next_attempt_at: knex.fn.now() });
}

// Notices not sent yet (waiting or given up), oldest first, for the operator.
export function unsentNotices(knex: Knex) {
  return knex('notice_outbox')
    .whereNot({ status: 'sent' })
    .select(
      'id',
      'channel',
      'notice',
      'status',
      'attempts',
      'last_error as lastError',
      'next_attempt_at as nextAttemptAt',
      'created_at as createdAt',
    )
    .orderBy('id');
}

// Notices that failed at least once and still wait.
export async function outboxWaiting(knex: Knex): Promise<number> {
  const [{ count }] = await knex('notice_outbox')
    .where({ status: 'pending' })
    .where('attempts', '>', 0)
    .count<{ count: string }[]>({ count: '*' });
  return Number(count);
}
