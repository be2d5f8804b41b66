// Sales revenue (domain/crm.md §8 as defined in src/domain/revenue.ts): rows per salesperson per month, summary,
// and year views per user and per month; from activated contracts in the caller's scope.
import type { Knex } from 'knex';
import type { Principal } from '../auth/principal';
import { revenueSources } from '../db/contract-revenue';
import { type ContractRevenueSource, revenueRows, revenueSummary, type RevenueFilter } from '../domain/revenue';
import { applyReadScope } from '../db/read-scope';
import { requireAbility } from '../auth/guards';
import { notFound } from '../errors';
import type { ServiceDeps, ServiceInput } from './deps';
import { incentives } from '../domain/incentive';
import { kpi } from '../domain/kpi';
import { formatRupiah } from '../domain/rupiah';
import { callTemporal } from '../temporal/temporal-call';
import { WorkflowIdConflictPolicy } from '@temporalio/common';
import { MONTHS } from '../domain/indonesian-date';
import { revenueCloseWorkflowId, type revenueCloseWorkflow } from '../../workflows/revenue-close';

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

export async function rowsFor(deps: ServiceDeps, principal: Principal, query: Record<string, any>) {
  requireAbility(principal, 'read', 'Pks');
  const filter: RevenueFilter = { year: query.year, month: query.month, from: query.from, to: query.to };
  const rows = revenueRows(await contracts(deps.knex, principal, query), filter);
  const users = await deps
    .knex('users as u')
    .join('roles as r', 'r.id', 'u.role_id')
    .leftJoin('branches as b', 'b.id', 'u.branch_id')
    .whereIn('u.id', [...new Set(rows.map((r) => r.userId))])
    .select('u.id', 'u.full_name as name', 'r.name as role', 'b.name as branch');
  const byId = new Map<number, { name: string; role: string; branch: string | null }>(
    users.map((u: { id: number; name: string; role: string; branch: string | null }) => [u.id, u]),
  );
  return rows.map((r) => {
    const user = byId.get(r.userId);
    return {
      ...r,
      name: user?.name ?? null,
      role: user?.role ?? null,
      branch: user?.branch ?? null,
      monthName: `${MONTHS[Number(r.month.slice(5)) - 1]} ${r.month.slice(0, 4)}`,
      formatted: formatRupiah(r.amount),
    };
  });
}

// GET /api/sales-revenue/kpi
export async function getSalesRevenueKpi(deps: ServiceDeps, principal: Principal, { query }: ServiceInput) {
  const rows = await rowsFor(deps, principal, {
    ...query,
    month: query.periodType === 'monthly' ? query.month : undefined,
  });
  const branches = new Map<number, number | null>(
    (
      await deps
        .knex('users')
        .whereIn('id', [...new Set(rows.map((r) => r.userId))])
        .select('id', 'branch_id')
    ).map((u: { id: number; branch_id: number | null }) => [u.id, u.branch_id]),
  );
  const byPeriod = new Map<string, { userId: number; period: string; amount: number }>();
  for (const r of rows) {
    const period = query.periodType === 'yearly' ? r.month.slice(0, 4) : r.month;
    const key = `${r.userId}|${period}`;
    const entry = byPeriod.get(key) ?? { userId: r.userId, period, amount: 0 };
    entry.amount = Math.round((entry.amount + r.amount) * 100) / 100;
    byPeriod.set(key, entry);
  }
  const targets = (
    await deps.knex('sales_targets').where({ year: query.year, period_type: query.periodType }).select('*')
  ).map((t: Record<string, any>) => ({
    type: t.type,
    periodType: t.period_type,
    year: t.year,
    month: t.month,
    targetAmount: Number(t.target_amount),
    userId: t.user_id,
    branchId: t.branch_id,
  }));
  return kpi(
    [...byPeriod.values()].map((a) => ({ ...a, branchId: branches.get(a.userId) ?? null })),
    targets,
    query.periodType,
  );
}

// GET /api/sales-revenue/incentives
export async function getSalesRevenueIncentives(deps: ServiceDeps, principal: Principal, { query }: ServiceInput) {
  const rows = await rowsFor(deps, principal, query);
  const knex = deps.knex;
  const roleOf = new Map<number, number>(
    (
      await knex('users')
        .whereIn('id', [...new Set(rows.map((r) => r.userId))])
        .select('id', 'role_id')
    ).map((u: { id: number; role_id: number }) => [u.id, u.role_id]),
  );
  const rates = (await knex('incentive_rates').select('role_id', 'rate_percent', 'valid_from')).map(
    (r: { role_id: number; rate_percent: number; valid_from: string }) => ({
      roleId: r.role_id,
      ratePercent: Number(r.rate_percent),
      validFrom: r.valid_from,
    }),
  );
  const byKey = new Map(incentives(rows, roleOf, rates).map((i) => [`${i.userId}|${i.month}`, i]));
  const data = rows.map((r) => {
    const i = byKey.get(`${r.userId}|${r.month}`)!;
    return {
      ...r,
      ratePercent: i.ratePercent,
      incentive: i.incentive,
      incentiveFormatted: formatRupiah(i.incentive),
    };
  });
  return { data, total: Math.round(data.reduce((s, r) => s + Math.round(r.incentive * 100), 0)) / 100 };
}

// POST /api/sales-revenue/closings
export async function postSalesRevenueClosings(deps: ServiceDeps, principal: Principal, { body }: ServiceInput) {
  requireAbility(principal, 'update', 'Finance');
  const { temporal, config } = deps;
  return callTemporal('revenue close', config.updateTimeoutMs, temporal.withDeadline.bind(temporal), () =>
    temporal.workflow.execute<typeof revenueCloseWorkflow>('revenueCloseWorkflow', {
      taskQueue: config.taskQueue,
      workflowId: revenueCloseWorkflowId(body.month),
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      args: [{ month: body.month }],
    }),
  );
}

// GET /api/sales-revenue
export async function getSalesRevenue(deps: ServiceDeps, principal: Principal, { query }: ServiceInput) {
  const data = await rowsFor(deps, principal, query);
  return { data, summary: revenueSummary(data) };
}

// GET /api/sales-revenue/by-user
export async function getSalesRevenueByUser(deps: ServiceDeps, principal: Principal, { query }: ServiceInput) {
  const rows = await rowsFor(deps, principal, query);
  const users = [...new Set(rows.map((r) => r.userId))];
  return {
    data: users.map((userId) => {
      const own = rows.filter((r) => r.userId === userId);
      const total = own.reduce((s, r) => s + Math.round(r.amount * 100), 0) / 100;
      return {
        userId,
        name: own[0]?.name,
        total,
        months: own.map((r) => ({ month: r.month, amount: r.amount })),
        averagePerMonth: Math.round((total / 12) * 100) / 100,
      };
    }),
  };
}

// GET /api/sales-revenue/by-month
export async function getSalesRevenueByMonth(deps: ServiceDeps, principal: Principal, { query }: ServiceInput) {
  const rows = await rowsFor(deps, principal, query);
  return {
    data: Array.from({ length: 12 }, (_, i) => {
      const month = `${query.year}-${String(i + 1).padStart(2, '0')}`;
      const own = rows.filter((r) => r.month === month);
      return {
        month,
        total: own.reduce((s, r) => s + Math.round(r.amount * 100), 0) / 100,
        users: own.map((r) => ({ userId: r.userId, name: r.name, amount: r.amount })),
        userCount: own.length,
      };
    }),
  };
}
