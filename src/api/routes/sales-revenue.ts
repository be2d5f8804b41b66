// Sales revenue (domain/crm.md §8 as defined in src/domain/revenue.ts): rows per salesperson per month, summary,
// and year views per user and per month; from activated contracts in the caller's scope.
import Joi from 'joi';
import { requirePrincipal, type RouteSpec } from '../route';
import {
  getSalesRevenueClosingsById,
  getSalesRevenue,
  getSalesRevenueByMonth,
  getSalesRevenueByUser,
  getSalesRevenueIncentives,
  getSalesRevenueKpi,
  postSalesRevenueClosings,
} from '../../services/sales-revenue';

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
    handler: (ctx, input) => getSalesRevenueKpi(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'get',
    path: '/api/sales-revenue/incentives',
    summary:
      'Incentive per salesperson per month: revenue × the rate of their role in force that month (none recorded → 0)',
    tag: 'sales performance',
    query: Joi.object(filters),
    handler: (ctx, input) => getSalesRevenueIncentives(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'post',
    path: '/api/sales-revenue/closings',
    summary:
      'Close a month now (the monthly Schedule does it on the 1st): freezes its revenue per salesperson; closing again keeps the first snapshot',
    tag: 'sales performance',
    body: Joi.object({ month: yearMonth.required() }).required(),
    handler: (ctx, input) => postSalesRevenueClosings(ctx.deps, requirePrincipal(ctx), input),
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
    handler: (ctx, input) => getSalesRevenue(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'get',
    path: '/api/sales-revenue/by-user',
    summary: 'A year of revenue per salesperson: total, monthly breakdown, monthly average',
    tag: 'sales performance',
    query: Joi.object({ ...filters, year: filters.year.required() }),
    handler: (ctx, input) => getSalesRevenueByUser(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'get',
    path: '/api/sales-revenue/by-month',
    summary: 'A year of revenue per month: total, breakdown per salesperson, how many earned',
    tag: 'sales performance',
    query: Joi.object({ ...filters, year: filters.year.required() }),
    handler: (ctx, input) => getSalesRevenueByMonth(ctx.deps, requirePrincipal(ctx), input),
  },
];
