// Sales activities (crm.md §6): what a salesperson did on one service line of a lead. Scope follows the line:
// own lines for a salesperson, the team's for a leader, the branch's for a manager, all for management.
import Joi from 'joi';
import type { Principal } from '../../auth/principal';
import { requireAbility, requireRowAbility } from '../../auth/guards';
import { idParams, pageQuery } from '../listing';
import { invalid } from '../problem';
import { requirePrincipal, type RouteSpec } from '../route';
import { calendarDate, clockTime } from '../../schemas/fields';
import { filesOf, replaceFileLinks } from '../../services/files';
import {
  columns,
  getLeadsSalesServiceLines,
  getSalesActivities,
  getSalesActivitiesStats,
  inputErrors,
  scoped,
  subjectOf,
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

async function activityOf(
  ctx: Parameters<RouteSpec['handler']>[0],
  principal: Principal,
  activityId: number,
  action: 'read' | 'update' | 'delete',
) {
  const row = await scoped(ctx.deps.knex).where('sa.id', activityId).first();
  const activity = requireRowAbility(principal, action, 'SalesActivity', row, `sales activity ${activityId}`);
  return { ...activity, files: await filesOf(ctx.deps.knex, 'sales_activity_files', 'activity_id', activityId) };
}

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
    async handler(ctx, { params }) {
      return activityOf(ctx, requirePrincipal(ctx), params.id, 'read');
    },
  },
  {
    method: 'post',
    path: '/api/sales-activities',
    summary: 'Log a sales activity on one of a lead’s service lines',
    tag: 'sales activities',
    status: 201,
    body: Joi.object({ leadId: id.required(), leadServiceLineId: id.required(), ...fields }).required(),
    async handler(ctx, { body }) {
      const principal = requirePrincipal(ctx);
      requireAbility(principal, 'create', 'SalesActivity');
      const knex = ctx.deps.knex;
      const line = await knex('lead_service_lines as ls')
        .join('leads as l', 'l.id', 'ls.lead_id')
        .where('ls.id', body.leadServiceLineId)
        .whereNull('ls.deleted_at')
        .whereNull('l.deleted_at')
        .first('ls.lead_id', 'ls.sales_user_id', 'l.branch_id');
      if (!line || line.lead_id !== body.leadId)
        throw invalid([
          {
            field: 'leadServiceLineId',
            message: `service line ${body.leadServiceLineId} is not one of lead ${body.leadId}'s`,
          },
        ]);
      if (!principal.ability.can('create', subjectOf(line.sales_user_id, line.branch_id))) {
        throw invalid([{ field: 'leadServiceLineId', message: 'you may not log activities on this service line' }]);
      }
      const errors = await inputErrors(knex, principal, body);
      if (errors.length) throw invalid(errors);
      const activityId = await knex.transaction(async (trx) => {
        const [row] = await trx('sales_activities')
          .insert({
            ...columns(body),
            lead_id: body.leadId,
            lead_service_line_id: body.leadServiceLineId,
            created_by: principal.userId,
            updated_by: principal.userId,
          })
          .returning('id');
        await replaceFileLinks(trx, 'sales_activity_files', 'activity_id', row.id, body.fileIds);
        return row.id as number;
      });
      return activityOf(ctx, principal, activityId, 'read');
    },
  },
  {
    method: 'put',
    path: '/api/sales-activities/:id',
    summary: 'Change a sales activity (lead and service line stay)',
    tag: 'sales activities',
    params: idParams,
    body: Joi.object(fields).required(),
    async handler(ctx, { params, body }) {
      const principal = requirePrincipal(ctx);
      await activityOf(ctx, principal, params.id, 'update');
      const errors = await inputErrors(ctx.deps.knex, principal, body);
      if (errors.length) throw invalid(errors);
      await ctx.deps.knex.transaction(async (trx) => {
        await trx('sales_activities')
          .where({ id: params.id })
          .update({ ...columns(body), updated_by: principal.userId, updated_at: trx.fn.now() });
        await replaceFileLinks(trx, 'sales_activity_files', 'activity_id', params.id, body.fileIds);
      });
      return activityOf(ctx, principal, params.id, 'read');
    },
  },
  {
    method: 'delete',
    path: '/api/sales-activities/:id',
    summary: 'Delete a sales activity (kept as deleted)',
    tag: 'sales activities',
    params: idParams,
    async handler(ctx, { params }) {
      const principal = requirePrincipal(ctx);
      await activityOf(ctx, principal, params.id, 'delete');
      await ctx.deps
        .knex('sales_activities')
        .where({ id: params.id })
        .update({ deleted_at: ctx.deps.knex.fn.now(), deleted_by: principal.userId });
      return undefined;
    },
  },
];
