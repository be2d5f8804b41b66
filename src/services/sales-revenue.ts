// Sales revenue (domain/crm.md §8 as defined in src/domain/revenue.ts): rows per salesperson per month, summary,
import type { Knex } from 'knex';
import type { Principal } from '../auth/principal';
import { revenueSources } from '../db/contract-revenue';
import { type ContractRevenueSource } from '../domain/revenue';
import { applyReadScope } from '../db/read-scope';
import { requireAbility } from '../auth/guards';
import { notFound } from '../errors';
import type { ServiceDeps, ServiceInput } from './deps';

export function contracts(
  knex: Knex,
  principal: Principal,
  query: Record<string, number | undefined>,
): Promise<ContractRevenueSource[]> {
  const q = applyReadScope(knex('pks as p'), principal, 'Pks', 'p');
  if (query.userId) q.where('p.sales_user_id', query.userId);
  if (query.branchId) q.where('p.branch_id', query.branchId);
  if (query.entityId) q.where('p.entity_id', query.entityId);
  return revenueSources(knex, q);
}

// GET /api/sales-revenue/closings/:month
export async function getSalesRevenueClosingsById(deps: ServiceDeps, principal: Principal, { params }: ServiceInput) {
  requireAbility(principal, 'read', 'Pks');
  const closing = await deps.knex('revenue_closings').where({ month: params.month }).first();
  if (!closing) throw notFound(`closing of ${params.month}`);
  const rows = await deps
    .knex('revenue_snapshots as s')
    .join('users as u', 'u.id', 's.user_id')
    .where('s.month', params.month)
    .orderBy('s.user_id')
    .select('s.user_id as userId', 'u.full_name as name', 's.amount');
  const visible =
    principal.scope === 'all'
      ? rows
      : rows.filter(
          (r: { userId: number }) => r.userId === principal.userId || principal.teamMemberIds.includes(r.userId),
        );
  return { month: closing.month, closedAt: closing.closed_at, data: visible };
}
