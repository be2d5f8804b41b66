// Closing a month of sales revenue: idempotent — a month already closed keeps its snapshot.
import type { Knex } from 'knex';
import { revenueSources } from '../src/db/contract-revenue';
import { revenueRows } from '../src/domain/revenue';

export function createRevenueActivities(deps: { knex: Knex }) {
  return {
    async closeRevenueMonth(input: {
      month: string;
      runId: string;
    }): Promise<{ month: string; closedAt: string; users: number; total: number; alreadyClosed: boolean }> {
      return deps.knex.transaction(async (trx) => {
        await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`revenue-close:${input.month}`]);
        let closing = await trx('revenue_closings').where({ month: input.month }).first();
        const alreadyClosed = !!closing;
        if (!closing) {
          const rows = revenueRows(await revenueSources(trx, trx('pks as p')), { from: input.month, to: input.month });
          [closing] = await trx('revenue_closings')
            .insert({ month: input.month, closed_by_run: input.runId })
            .returning('*');
          if (rows.length)
            await trx('revenue_snapshots').insert(
              rows.map((r) => ({ month: input.month, user_id: r.userId, amount: r.amount })),
            );
        }
        const snapshot = await trx('revenue_snapshots').where({ month: input.month }).select('amount');
        const total =
          snapshot.reduce((s: number, r: { amount: number }) => s + Math.round(Number(r.amount) * 100), 0) / 100;
        return {
          month: input.month,
          closedAt: new Date(closing.closed_at).toISOString(),
          users: snapshot.length,
          total,
          alreadyClosed,
        };
      });
    },
  };
}
