// Hands a business run's notice to the outbox: a database write, so the run goes on at once whatever mail does.
import type { Knex } from 'knex';
import { queueNotice } from '../src/db/notice-outbox';

export function createNoticeOutboxActivities(deps: { knex: Knex }) {
  return {
    async queueNotice(input: { key: string; channel: string; notice: unknown }): Promise<void> {
      await queueNotice(deps.knex, input.key, input.channel, input.notice);
    },
  };
}
