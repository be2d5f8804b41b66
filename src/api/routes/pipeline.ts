// The pipeline (issue 16): what waits for the next step — an SPK, a contract, a renewal — and what a revision,
// renewal or addendum can be made from; each list in the caller's scope, paged.
import Joi from 'joi';
import { pageQuery } from '../listing';
import { requirePrincipal, type RouteSpec } from '../route';
import {
  getPipelineAwaitingPks,
  getPipelineAwaitingSpk,
  getPipelineEligible,
  getPipelineRenewals,
} from '../../services/pipeline';

const list = Joi.object({
  ...pageQuery,
  q: Joi.string().trim().max(100),
  branchId: Joi.number().integer().min(1),
});

export const pipelineRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/pipeline/awaiting-spk',
    summary:
      'Leads whose approved quotations have sites in no SPK or contract yet: how many, since when, longest wait first',
    tag: 'pipeline',
    query: list,
    handler: (ctx, input) => getPipelineAwaitingSpk(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'get',
    path: '/api/pipeline/awaiting-pks',
    summary: 'Signed SPKs whose sites are in no contract yet (sites, headcount, days since signature)',
    tag: 'pipeline',
    query: list,
    handler: (ctx, input) => getPipelineAwaitingPks(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'get',
    path: '/api/pipeline/renewals',
    summary:
      'Active contracts ending within withinDays (default 90), soonest first, with the renewal quotation and renewal PKS under way if any',
    tag: 'pipeline',
    query: list.keys({
      withinDays: Joi.number().integer().min(0).max(730).default(90),
      withoutRenewal: Joi.boolean().description('only contracts with no renewal quotation or PKS under way'),
    }),
    handler: (ctx, input) => getPipelineRenewals(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'get',
    path: '/api/pipeline/eligible',
    summary:
      'What a new revisi / rekontrak / addendum quotation can reference (referenceQuotationId): open quotations for a revision, the quotations of active contracts for a renewal or addendum; none that already has one of that type open',
    tag: 'pipeline',
    query: list.keys({ type: Joi.string().valid('revisi', 'rekontrak', 'addendum').required() }),
    handler: (ctx, input) => getPipelineEligible(ctx.deps, requirePrincipal(ctx), input),
  },
];
