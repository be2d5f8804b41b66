// Sales activities (crm.md §6): what a salesperson did on one service line of a lead. Scope follows the line:
// own lines for a salesperson, the team's for a leader, the branch's for a manager, all for management.
import Joi from 'joi';
import { idParams, pageQuery } from '../listing';
import { requirePrincipal, type RouteSpec } from '../route';
import { calendarDate, clockTime } from '../../schemas/fields';
import {
  getLeadsSalesServiceLines,
  getSalesActivities,
  getSalesActivitiesStats,
  deleteSalesActivities,
  getSalesActivitiesById,
  postSalesActivities,
  putSalesActivities,
} from '../../services/sales-activities';

export const SALES_ACTIVITY_TYPES = [
  'Appointment',
  'Kirim Berkas',
  'Visit',
  'Online Meeting',
  'Telepon',
  'Email',
  'Follow Up',
] as const;
const id = Joi.number().integer().min(1);

const fields = {
  activityDate: calendarDate.required(),
  type: Joi.string()
    .valid(...SALES_ACTIVITY_TYPES)
    .required(),
  minutes: Joi.string().trim().min(1).max(10000).required(),
  startTime: clockTime.when('type', { is: 'Appointment', then: Joi.required(), otherwise: Joi.allow(null) }),
  endTime: clockTime.when('type', { is: 'Appointment', then: Joi.required(), otherwise: Joi.allow(null) }),
  recipient: Joi.string()
    .trim()
    .max(255)
    .when('type', { is: 'Kirim Berkas', then: Joi.required(), otherwise: Joi.allow(null, '') }),
  visitTypeId: id.when('type', { is: 'Visit', then: Joi.required(), otherwise: Joi.allow(null) }),
  fileIds: Joi.array().items(id).max(10).unique(),
};

export const salesActivityRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/sales-activities',
    summary: 'Sales activities on the service lines you may see, newest first',
    tag: 'sales activities',
    query: Joi.object({
      ...pageQuery,
      pageSize: Joi.number().integer().min(1).max(100).default(15),
      leadId: id,
      serviceLineId: id,
      type: Joi.string().max(30),
    }),
    handler: (ctx, input) => getSalesActivities(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'get',
    path: '/api/sales-activities/stats',
    summary: 'Counts of your visible sales activities: total, by type, by month',
    tag: 'sales activities',
    query: Joi.object({ dateFrom: calendarDate, dateTo: calendarDate }),
    handler: (ctx, input) => getSalesActivitiesStats(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'get',
    path: '/api/leads/:id/sales-service-lines',
    summary: 'The service lines of a lead you may log sales activities on',
    tag: 'sales activities',
    params: idParams,
    handler: (ctx, input) => getLeadsSalesServiceLines(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'get',
    path: '/api/sales-activities/:id',
    summary: 'One sales activity with its files',
    tag: 'sales activities',
    params: idParams,
    handler: (ctx, input) => getSalesActivitiesById(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'post',
    path: '/api/sales-activities',
    summary: 'Log a sales activity on one of a lead’s service lines',
    tag: 'sales activities',
    status: 201,
    body: Joi.object({ leadId: id.required(), leadServiceLineId: id.required(), ...fields }).required(),
    handler: (ctx, input) => postSalesActivities(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'put',
    path: '/api/sales-activities/:id',
    summary: 'Change a sales activity (lead and service line stay)',
    tag: 'sales activities',
    params: idParams,
    body: Joi.object(fields).required(),
    handler: (ctx, input) => putSalesActivities(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'delete',
    path: '/api/sales-activities/:id',
    summary: 'Delete a sales activity (kept as deleted)',
    tag: 'sales activities',
    status: 204,
    params: idParams,
    handler: (ctx, input) => deleteSalesActivities(ctx.deps, requirePrincipal(ctx), input),
  },
];
