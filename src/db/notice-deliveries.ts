// Notices handed to delivery runs that are still retrying (mail down): a number ops watch in /ready.
import type { Knex } from 'knex';

export async function noticesWaiting(knex: Knex): Promise<number> {
  const [{ count }] = await knex('notice_deliveries').where({ status: 'retrying' }).count<{ count: string }[]>({
    count: '*',
  });
  return Number(count);
}
