// Sales revenue (domain/crm.md §8 as defined in src/domain/revenue.ts): rows per salesperson per month, summary,
// and year views per user and per month; from activated contracts in the caller's scope.
import Joi from 'joi';
import { incentives } from '../../domain/incentive';
import { kpi } from '../../domain/kpi';
import { formatRupiah } from '../../domain/rupiah';
import { revenueRows, revenueSummary, type RevenueFilter } from '../../domain/revenue';
import { requireAbility } from '../../auth/guards';
import type { ApiContext } from '../context';
import { requirePrincipal, type RouteSpec } from '../route';
import { callTemporal } from '../temporal-errors';
import { WorkflowIdConflictPolicy } from '@temporalio/common';
import { revenueCloseWorkflowId, type revenueCloseWorkflow } from '../../../workflows/revenue-close';
import { contracts, getSalesRevenueClosingsById } from '../../services/sales-revenue';

const MONTHS = [
  'Januari',
  'Februari',
  'Maret',
  'April',
  'Mei',
  'Juni',
  'Juli',
  'Agustus',
  'September',
  'Oktober',
  'November',
  'Desember',
];
const yearMonth = Joi.string()
  .pattern(/^\d{4}-(0[1-9]|1[0-2])$/)
  .message('{#label} must be a month YYYY-MM');
const id = Joi.number().integer().min(1);
const filters = {
  year: Joi.number().integer().min(2000).max(2100),
  month: Joi.number().integer().min(1).max(12),
  from: yearMonth,
  to: yearMonth,
  userId: id,
  branchId: id,
  entityId: id,
};

async function rowsFor(ctx: ApiContext, query: Record<string, any>) {
  const principal = requirePrincipal(ctx);
  requireAbility(principal, 'read', 'Pks');
  const filter: RevenueFilter = { year: query.year, month: query.month, from: query.from, to: query.to };
  const rows = revenueRows(await contracts(ctx.deps.knex, principal, query), filter);
  const users = await ctx.deps
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

export const salesRevenueRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/sales-revenue/kpi',
    summary: 'Revenue against personal, branch and company targets: achievement %, status and rank per period',
    tag: 'sales performance',
    query: Joi.object({
      ...filters,
      year: filters.year.required(),
      periodType: Joi.string().valid('monthly', 'yearly').default('monthly'),
    }),
    async handler(ctx, { query }) {
      const rows = await rowsFor(ctx, { ...query, month: query.periodType === 'monthly' ? query.month : undefined });
      const branches = new Map<number, number | null>(
        (
          await ctx.deps
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
        await ctx.deps.knex('sales_targets').where({ year: query.year, period_type: query.periodType }).select('*')
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
    },
  },
  {
    method: 'get',
    path: '/api/sales-revenue/incentives',
    summary:
      'Incentive per salesperson per month: revenue × the rate of their role in force that month (none recorded → 0)',
    tag: 'sales performance',
    query: Joi.object(filters),
    async handler(ctx, { query }) {
      const rows = await rowsFor(ctx, query);
      const knex = ctx.deps.knex;
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
    },
  },
  {
    method: 'post',
    path: '/api/sales-revenue/closings',
    summary:
      'Close a month now (the monthly Schedule does it on the 1st): freezes its revenue per salesperson; closing again keeps the first snapshot',
    tag: 'sales performance',
    body: Joi.object({ month: yearMonth.required() }).required(),
    async handler(ctx, { body }) {
      const principal = requirePrincipal(ctx);
      requireAbility(principal, 'update', 'Finance');
      const { temporal, config } = ctx.deps;
      return callTemporal('revenue close', config.updateTimeoutMs, temporal.withDeadline.bind(temporal), () =>
        temporal.workflow.execute<typeof revenueCloseWorkflow>('revenueCloseWorkflow', {
          taskQueue: config.taskQueue,
          workflowId: revenueCloseWorkflowId(body.month),
          workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
          args: [{ month: body.month }],
        }),
      );
    },
  },
  {
    method: 'get',
    path: '/api/sales-revenue/closings/:month',
    summary: 'The frozen revenue of a closed month per salesperson',
    tag: 'sales performance',
    params: Joi.object({ month: yearMonth.required() }),
    handler: (ctx, input) => getSalesRevenueClosingsById(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'get',
    path: '/api/sales-revenue',
    summary:
      'Revenue per salesperson per month (filters: year, month, from/to YYYY-MM, user, branch, entity) with a summary',
    tag: 'sales performance',
    query: Joi.object(filters),
    async handler(ctx, { query }) {
      const data = await rowsFor(ctx, query);
      return { data, summary: revenueSummary(data) };
    },
  },
  {
    method: 'get',
    path: '/api/sales-revenue/by-user',
    summary: 'A year of revenue per salesperson: total, monthly breakdown, monthly average',
    tag: 'sales performance',
    query: Joi.object({ ...filters, year: filters.year.required() }),
    async handler(ctx, { query }) {
      const rows = await rowsFor(ctx, query);
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
    },
  },
  {
    method: 'get',
    path: '/api/sales-revenue/by-month',
    summary: 'A year of revenue per month: total, breakdown per salesperson, how many earned',
    tag: 'sales performance',
    query: Joi.object({ ...filters, year: filters.year.required() }),
    async handler(ctx, { query }) {
      const rows = await rowsFor(ctx, query);
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
    },
  },
];
