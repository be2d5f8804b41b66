// Customer activities (crm.md §5): interactions users log against a lead (calls, meetings, visits, e-mails)
// next to the system events of its timeline; a status chosen on an activity moves the lead too.
import { subject } from '@casl/ability';
import Joi from 'joi';
import { findLead } from '../../db/leads';
import { requireAbility } from '../../auth/guards';
import { idParams, pageQuery } from '../listing';
import { conflict, invalid } from '../problem';
import { requirePrincipal, type RouteInput, type RouteSpec } from '../route';
import { contractOf } from '../../services/contract-access';
import { calendarDate, clockTime } from '../../schemas/fields';
import {
  activityView,
  deleteCustomerActivities,
  getCustomerActivities,
  getCustomerActivitiesAvailableLeads,
  getCustomerActivitiesById,
  getLeadsActivities,
  getPksActivities,
  putCustomerActivities,
  recordActivity,
} from '../../services/customer-activities';

export const USER_ACTIVITY_TYPES = ['Telepon', 'Online Meeting', 'Meeting', 'Visit', 'Email'] as const;
const TIMED_TYPES = ['Telepon', 'Online Meeting'];
const id = Joi.number().integer().min(1);

const activityFields = {
  activityDate: calendarDate.required(),
  type: Joi.string()
    .valid(...USER_ACTIVITY_TYPES)
    .required(),
  serviceLineId: id.allow(null),
  notes: Joi.string().trim().max(5000).allow(null, ''),
  statusId: id.allow(null),
  startTime: clockTime.when('type', {
    is: Joi.valid(...TIMED_TYPES),
    then: Joi.required(),
    otherwise: Joi.allow(null),
  }),
  endTime: clockTime.when('type', { is: Joi.valid(...TIMED_TYPES), then: Joi.required(), otherwise: Joi.allow(null) }),
  realizationDate: calendarDate.allow(null),
  realizationTime: clockTime.allow(null),
  visitTypeId: id.when('type', { is: 'Visit', then: Joi.required(), otherwise: Joi.allow(null) }),
  recipient: Joi.string().trim().max(255).allow(null, ''),
  fileIds: Joi.array().items(id).max(10).unique(),
};

export const customerActivityRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/customer-activities',
    summary: 'The latest activity of each lead in your scope (default: from the start of the month three months back)',
    tag: 'customer activities',
    query: Joi.object({
      ...pageQuery,
      pageSize: Joi.number().integer().min(1).max(100).default(15),
      q: Joi.string().trim().max(100),
      branchId: id,
      serviceLineId: id,
      type: Joi.string().max(30),
      userId: id,
      dateFrom: calendarDate,
      dateTo: calendarDate,
    }),
    handler: (ctx, input) => getCustomerActivities(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'get',
    path: '/api/customer-activities/available-leads',
    summary: 'Leads in your scope that are not customers yet (for a new activity)',
    tag: 'customer activities',
    query: Joi.object({ q: Joi.string().trim().max(100) }),
    handler: (ctx, input) => getCustomerActivitiesAvailableLeads(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'get',
    path: '/api/customer-activities/:id',
    summary: 'One activity with its files',
    tag: 'customer activities',
    params: idParams,
    handler: (ctx, input) => getCustomerActivitiesById(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'post',
    path: '/api/customer-activities',
    summary: 'Log an interaction with a lead; a statusId moves the lead to that status',
    tag: 'customer activities',
    status: 201,
    body: Joi.object({ leadId: id.required(), ...activityFields }).required(),
    async handler(ctx, { body }: RouteInput) {
      const principal = requirePrincipal(ctx);
      requireAbility(principal, 'create', 'CustomerActivity');
      const knex = ctx.deps.knex;
      const lead = await findLead(knex, body.leadId);
      if (!lead || !principal.ability.can('read', subject('Lead', { ...lead })))
        throw invalid([{ field: 'leadId', message: `lead ${body.leadId} does not exist` }]);
      const activityId = await recordActivity(knex, principal, lead, body, null);
      ctx.set('Location', `/api/customer-activities/${activityId}`);
      return activityView(knex, activityId);
    },
  },
  {
    method: 'post',
    path: '/api/pks/:id/activities',
    summary:
      'Log an interaction with the customer of an active contract (an activity on its lead that names the contract)',
    tag: 'customer activities',
    status: 201,
    params: idParams,
    // The lead of a contract is a customer: its status moves only through the contract's own process.
    body: Joi.object({ ...activityFields, statusId: Joi.forbidden() }).required(),
    async handler(ctx, { params, body }: RouteInput) {
      const principal = requirePrincipal(ctx);
      requireAbility(principal, 'create', 'CustomerActivity');
      const pks = await contractOf(ctx.deps, principal, params.id);
      if (pks.status !== 'active')
        throw conflict(`PKS is ${pks.status}; activities are logged against active contracts`);
      const activityId = await recordActivity(
        ctx.deps.knex,
        principal,
        (await findLead(ctx.deps.knex, pks.leadId))!,
        body,
        pks.id,
      );
      ctx.set('Location', `/api/customer-activities/${activityId}`);
      return activityView(ctx.deps.knex, activityId);
    },
  },
  {
    method: 'get',
    path: '/api/pks/:id/activities',
    summary: 'Interactions logged against a contract, newest first, with files',
    tag: 'customer activities',
    params: idParams,
    query: Joi.object(pageQuery),
    handler: (ctx, input) => getPksActivities(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'put',
    path: '/api/customer-activities/:id',
    summary: 'Change a user-entered activity (its lead stays); a statusId moves the lead too',
    tag: 'customer activities',
    params: idParams,
    body: Joi.object(activityFields).required(),
    handler: (ctx, input) => putCustomerActivities(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'delete',
    path: '/api/customer-activities/:id',
    summary: 'Delete a user-entered activity (kept as deleted)',
    tag: 'customer activities',
    status: 204,
    params: idParams,
    handler: (ctx, input) => deleteCustomerActivities(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'get',
    path: '/api/leads/:id/activities',
    summary: 'The whole activity timeline of a lead, newest first, with files',
    tag: 'customer activities',
    params: idParams,
    handler: (ctx, input) => getLeadsActivities(ctx.deps, requirePrincipal(ctx), input),
  },
];
