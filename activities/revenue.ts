// Closing a month of sales revenue: idempotent — a month already closed keeps its snapshot.
import type { Knex } from 'knex';
import { revenueRows } from '../src/domain/revenue';

export function createRevenueActivities(deps: { knex: Knex }) {
  return {
    async closeRevenueMonth(input: { month: string; runId: string }): Promise<{ month: string; closedAt: string; users: number; total: number; alreadyClosed: boolean }> {
      return deps.knex.transaction(async (trx) => {
        await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`revenue-close:${input.month}`]);
        let closing = await trx('revenue_closings').where({ month: input.month }).first();
        const alreadyClosed = !!closing;
        if (!closing) {
          const contracts = await trx('pks').whereIn('status', ['active', 'expired']).whereNotNull('activated_at').select('id', 'sales_user_id', 'contract_start', 'contract_end', 'commercial');
          const rows = revenueRows(
            contracts.map((c) => ({ contractId: c.id, salesUserId: c.sales_user_id, start: c.contract_start, end: c.contract_end, monthlyAmount: Number(c.commercial.roundedInvoice) })),
            { from: input.month, to: input.month },
          );
          [closing] = await trx('revenue_closings').insert({ month: input.month, closed_by_run: input.runId }).returning('*');
          if (rows.length) await trx('revenue_snapshots').insert(rows.map((r) => ({ month: input.month, user_id: r.userId, amount: r.amount })));
        }
        const snapshot = await trx('revenue_snapshots').where({ month: input.month }).select('amount');
        const total = snapshot.reduce((s: number, r: { amount: number }) => s + Math.round(Number(r.amount) * 100), 0) / 100;
        return { month: input.month, closedAt: new Date(closing.closed_at).toISOString(), users: snapshot.length, total, alreadyClosed };
      });
    },
  };
}
