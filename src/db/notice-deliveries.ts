// What ops watch in /ready about runs talking to the outside and to each other.

// Notices handed to delivery runs that are still retrying (mail down).
import type { Knex } from 'knex';
import { outboxWaiting } from './notice-outbox';

// Signals runs could not deliver to other runs (see workflows/signal-or-record.ts).
export async function undeliveredSignals(knex: Knex): Promise<number> {
  const [{ count }] = await knex('undelivered_signals').count<{ count: string }[]>({ count: '*' });
  return Number(count);
}

// Notices that failed and wait for a retry: in the outbox, and in delivery runs of runs started before it.
export async function noticesWaiting(knex: Knex): Promise<number> {
  const [{ count }] = await knex('notice_deliveries').where({ status: 'retrying' }).count<{ count: string }[]>({
    count: '*',
  });
  return Number(count) + (await outboxWaiting(knex));
}
