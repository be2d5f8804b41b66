// Leads (domain/crm.md §1): create with the duplicate-company rule and sales assignment, list and read within
// the caller's scope, update, soft delete and restore, child leads, activation, status history.
import { leadFields } from '../../schemas/lead';
import Joi from 'joi';
import { requireAbility } from '../../auth/guards';
import { idParams, pageQuery } from '../listing';
import { requirePrincipal, type RouteSpec } from '../route';
import { calendarDate } from '../../schemas/fields';
import { createLeadFromRequest } from '../../services/lead-create';
import { getLeadsDeal } from '../../services/deal-file';
import {
  getLeadsForQuotation,
  postLeadsRestore,
  listLeads,
  type LeadListKind,
  deleteLeads,
  getLeadsById,
  getLeadsChildren,
  getLeadsStatusHistory,
  postLeadsActivate,
  postLeadsChildren,
  putLeads,
} from '../../services/leads';

const id = Joi.number().integer().min(1);

const leadBody = Joi.object({
  ...leadFields,
  assignments: Joi.array()
    .items(Joi.object({ salesUserId: id.required(), serviceLineIds: Joi.array().items(id).min(1).unique().required() }))
    .max(10),
  duplicateOverrideReason: Joi.string().trim().min(5).max(500),
}).required();

export const listQuery = Joi.object({
  ...pageQuery,
  pageSize: Joi.number().integer().min(1).max(100).default(15),
  q: Joi.string().trim().max(100),
  branchId: id,
  sourceId: id,
  statusId: id,
  serviceLineId: id,
  dateFrom: calendarDate,
  dateTo: calendarDate,
});

// The lead lists differ only in which leads they narrow to and whether they default to the last six months.
function leadList(path: string, summary: string, action: 'read' | 'delete', kind: LeadListKind): RouteSpec {
  return {
    method: 'get',
    path,
    summary,
    tag: 'leads',
    query: listQuery,
    async handler(ctx, { query }) {
      const principal = requirePrincipal(ctx);
      requireAbility(principal, action, 'Lead');
      return listLeads(ctx.deps.knex, principal, kind, query);
    },
  };
}

export const leadRoutes: RouteSpec[] = [
  leadList(
    '/api/leads',
    'Leads in your scope (not customers): search, filter, newest first; the last six months unless searching or dated',
    'read',
    'open',
  ),
  leadList('/api/leads/deleted', 'Deleted leads in your scope', 'delete', 'deleted'),
  leadList('/api/leads/inactive', 'Leads not yet activated, in your scope', 'read', 'inactive'),
  {
    method: 'get',
    path: '/api/leads/for-quotation',
    summary: 'Parent leads in your scope that a new quotation may be made for',
    tag: 'leads',
    query: Joi.object({ q: Joi.string().trim().max(100) }),
    handler: (ctx, input) => getLeadsForQuotation(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'post',
    path: '/api/leads',
    summary:
      'Create a lead: unique company (409 lists similar ones), code, service lines and salespeople, a "Leads" activity',
    tag: 'leads',
    status: 201,
    body: leadBody,
    async handler(ctx, { body }) {
      const created = await createLeadFromRequest(ctx.deps.knex, requirePrincipal(ctx), body);
      ctx.set('Location', `/api/leads/${created!.id}`);
      return created;
    },
  },
  {
    method: 'get',
    path: '/api/leads/:id',
    summary: 'One lead with its service lines, group, parent and child count',
    tag: 'leads',
    params: idParams,
    handler: (ctx, input) => getLeadsById(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'put',
    path: '/api/leads/:id',
    summary: 'Replace a lead’s data and service lines (the duplicate rule excludes the lead itself)',
    tag: 'leads',
    params: idParams,
    body: leadBody.keys({ assignments: Joi.forbidden() }),
    handler: (ctx, input) => putLeads(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'delete',
    path: '/api/leads/:id',
    summary: 'Delete a lead with its service lines (restorable)',
    tag: 'leads',
    status: 204,
    params: idParams,
    handler: (ctx, input) => deleteLeads(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'post',
    path: '/api/leads/:id/restore',
    summary: 'Restore a deleted lead and the service lines deleted with it',
    tag: 'leads',
    params: idParams,
    body: Joi.object({ duplicateOverrideReason: Joi.string().trim().min(5).max(500) }),
    handler: (ctx, input) => postLeadsRestore(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'get',
    path: '/api/leads/:id/children',
    summary: 'Child leads of a lead',
    tag: 'leads',
    params: idParams,
    handler: (ctx, input) => getLeadsChildren(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'post',
    path: '/api/leads/:id/children',
    summary: 'Create a child lead (a related company or branch of the customer), copying the parent’s data',
    tag: 'leads',
    status: 201,
    params: idParams,
    body: Joi.object({ companyName: leadFields.companyName }).required(),
    handler: (ctx, input) => postLeadsChildren(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'post',
    path: '/api/leads/:id/activate',
    summary: 'Mark a lead active',
    tag: 'leads',
    params: idParams,
    handler: (ctx, input) => postLeadsActivate(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'get',
    path: '/api/leads/:id/status-history',
    summary: 'Every status change of a lead, oldest first',
    tag: 'leads',
    params: idParams,
    handler: (ctx, input) => getLeadsStatusHistory(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'get',
    path: '/api/leads/:id/deal',
    summary:
      'The deal file: the lead, its quotations, SPKs and contracts with their states (those you may see), and one timeline of activities, status changes and document milestones, newest first',
    tag: 'leads',
    params: idParams,
    handler: (ctx, input) => getLeadsDeal(ctx.deps, requirePrincipal(ctx), input),
  },
];
