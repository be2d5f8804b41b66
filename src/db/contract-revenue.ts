// The contracts that earn revenue, as src/domain/revenue.ts reads them: every activated contract (running, ended,
// replaced by its renewal or terminated) with its end cut short where it was, and the amounts its activated
// addenda set from their effective months. Addenda themselves earn nothing apart from their parent.
import type { Knex } from 'knex';
import type { ContractRevenueSource } from '../domain/revenue';

// `contracts` selects from `pks as p`, already scoped and filtered by the caller.
export async function revenueSources(
  knex: Knex | Knex.Transaction,
  contracts: Knex.QueryBuilder,
): Promise<ContractRevenueSource[]> {
  const rows = await contracts
    .whereIn('p.status', ['active', 'expired', 'superseded', 'terminated'])
    .whereNotNull('p.activated_at')
    .whereNot('p.type', 'addendum')
    .select('p.id', 'p.sales_user_id', 'p.contract_start', 'p.contract_end', 'p.terminated_on', 'p.commercial');
  const amendments = await knex('pks_amendments')
    .whereIn(
      'parent_pks_id',
      rows.map((r: { id: number }) => r.id),
    )
    .select('parent_pks_id', 'effective_month', 'monthly_amount');
  return rows.map((c: Record<string, any>) => ({
    contractId: c.id,
    salesUserId: c.sales_user_id,
    start: c.contract_start,
    end: c.contract_end,
    terminatedOn: c.terminated_on,
    monthlyAmount: Number(c.commercial.roundedInvoice),
    amendments: amendments
      .filter((a: { parent_pks_id: number }) => a.parent_pks_id === c.id)
      .map((a: { effective_month: string; monthly_amount: number }) => ({
        effectiveMonth: a.effective_month,
        monthlyAmount: Number(a.monthly_amount),
      })),
  }));
}
