// Customer activities (crm.md §5): interactions users log against a lead (calls, meetings, visits, e-mails)
// next to the system events of its timeline; a status chosen on an activity moves the lead too.
import { subject } from '@casl/ability';
import Joi from 'joi';
import type { Knex } from 'knex';
import type { Principal } from '../../auth/principal';
import { CUSTOMER_STATUS, changeLeadStatus, findLead, nextActivityNumber, type LeadRow } from '../../db/leads';
import { jakartaDate } from '../../domain/jakarta-time';
import { applyReadScope } from '../../db/read-scope';
import { requireAbility, requireRowAbility } from '../../auth/guards';
import { containing, paginate } from '../../db/listing';
import { idParams, pageQuery } from '../listing';
import { conflict, invalid, notFound, type FieldError } from '../problem';
import { requirePrincipal, type RouteInput, type RouteSpec } from '../route';
import { contractOf } from '../contract-access';
import { calendarDate, clockTime } from '../schemas';
import { durationMinutes, minutesOfDay } from '../../domain/time-of-day';
import { filesOf, ownFiles, replaceFileLinks } from './files';

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

const ACTIVITY_COLUMNS = [
  'a.id',
  'a.number',
  'a.lead_id as leadId',
  'l.code as leadCode',
  'l.company_name as companyName',
  'a.branch_id as branchId',
  'a.activity_date as activityDate',
  'a.type',
  'a.notes',
  'a.status_id as statusId',
  's.name as statusName',
  'a.start_time as startTime',
  'a.end_time as endTime',
  'a.duration_minutes as durationMinutes',
  'a.realization_date as realizationDate',
  'a.realization_time as realizationTime',
  'a.recipient',
  'a.visit_type_id as visitTypeId',
  'v.name as visitTypeName',
  'a.pks_id as pksId',
  'a.is_user_entered as isUserEntered',
  'a.created_by as createdBy',
  'u.full_name as createdByName',
  'a.created_at as createdAt',
  'a.updated_at as updatedAt',
];

function activities(db: Knex | Knex.Transaction, from: string | Knex.Raw = 'customer_activities as a') {
  return db
    .from(from)
    .join('leads as l', 'l.id', 'a.lead_id')
    .leftJoin('lead_statuses as s', 's.id', 'a.status_id')
    .leftJoin('visit_types as v', 'v.id', 'a.visit_type_id')
    .leftJoin('users as u', 'u.id', 'a.created_by')
    .select(ACTIVITY_COLUMNS);
}

async function activityView(db: Knex | Knex.Transaction, activityId: number) {
  const row = await activities(db).where('a.id', activityId).whereNull('a.deleted_at').first();
  if (!row) return undefined;
  return { ...row, files: await filesOf(db, 'customer_activity_files', 'activity_id', activityId) };
}

// The activity and the lead it belongs to, if the caller may see that lead.
async function scopedActivity(knex: Knex, principal: Principal, activityId: number) {
  const activity = await activityView(knex, activityId);
  if (!activity) throw notFound(`activity ${activityId}`);
  requireRowAbility(principal, 'read', 'Lead', await findLead(knex, activity.leadId), `activity ${activityId}`);
  return activity;
}

async function activityErrors(
  db: Knex | Knex.Transaction,
  principal: Principal,
  lead: LeadRow & { serviceLines: Array<{ serviceLineId: number }> },
  body: Record<string, any>,
): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  if (body.statusId && !(await db('lead_statuses').where({ id: body.statusId }).first()))
    errors.push({ field: 'statusId', message: `statusId ${body.statusId} does not exist` });
  if (body.visitTypeId && !(await db('visit_types').where({ id: body.visitTypeId }).first()))
    errors.push({ field: 'visitTypeId', message: `visitTypeId ${body.visitTypeId} does not exist` });
  if (body.serviceLineId && !lead.serviceLines.some((l) => l.serviceLineId === body.serviceLineId)) {
    errors.push({ field: 'serviceLineId', message: `service line ${body.serviceLineId} is not one of the lead's` });
  }
  if (body.startTime && body.endTime && minutesOfDay(body.endTime) <= minutesOfDay(body.startTime))
    errors.push({ field: 'endTime', message: 'endTime must be after startTime' });
  if (body.realizationDate && body.realizationDate < body.activityDate)
    errors.push({ field: 'realizationDate', message: 'realizationDate cannot be before activityDate' });
  if (errors.length) return errors;
  if (body.fileIds?.length) await ownFiles(db, principal, body.fileIds, 'activity', 'fileIds');
  return [];
}

// A user-entered activity on a lead (optionally naming one of its contracts), its files and the lead status it
// chooses, in one transaction; returns its id.
async function recordActivity(
  knex: Knex,
  principal: Principal,
  lead: LeadRow & { serviceLines: Array<{ serviceLineId: number }> },
  body: Record<string, any>,
  pksId: number | null,
) {
  const errors = await activityErrors(knex, principal, lead, body);
  if (errors.length) throw invalid(errors);
  return knex.transaction(async (trx) => {
    const number = await nextActivityNumber(trx, lead.code, await serviceCodeOf(trx, body.serviceLineId));
    const [row] = await trx('customer_activities')
      .insert({
        ...activityColumns(body),
        number,
        lead_id: lead.id,
        pks_id: pksId,
        branch_id: lead.branchId,
        is_user_entered: true,
        created_by: principal.userId,
        updated_by: principal.userId,
      })
      .returning('id');
    await replaceFileLinks(trx, 'customer_activity_files', 'activity_id', row.id, body.fileIds);
    if (body.statusId) await changeLeadStatus(trx, lead.id, body.statusId, `activity ${number}`, principal.userId);
    return row.id as number;
  });
}

const withFiles = (db: Knex, rows: Array<{ id: number }>) =>
  Promise.all(
    rows.map(async (row) => ({ ...row, files: await filesOf(db, 'customer_activity_files', 'activity_id', row.id) })),
  );

function activityColumns(body: Record<string, any>) {
  return {
    activity_date: body.activityDate,
    type: body.type,
    notes: body.notes || null,
    status_id: body.statusId ?? null,
    start_time: body.startTime ?? null,
    end_time: body.endTime ?? null,
    duration_minutes: durationMinutes(body.startTime, body.endTime),
    realization_date: body.realizationDate ?? null,
    realization_time: body.realizationTime ?? null,
    recipient: body.recipient || null,
    visit_type_id: body.visitTypeId ?? null,
  };
}

function threeMonthsBack(): string {
  const start = new Date(`${jakartaDate(new Date()).slice(0, 7)}-01T00:00:00Z`);
  start.setUTCMonth(start.getUTCMonth() - 3);
  return start.toISOString().slice(0, 10);
}

const serviceCodeOf = async (db: Knex | Knex.Transaction, serviceLineId?: number | null) =>
  serviceLineId ? ((await db('service_lines').where({ id: serviceLineId }).first('code')).code as string) : null;

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
    async handler(ctx, { query }) {
      const principal = requirePrincipal(ctx);
      requireAbility(principal, 'read', 'CustomerActivity');
      const knex = ctx.deps.knex;
      const latest = knex('customer_activities as c')
        .whereNull('c.deleted_at')
        .distinctOn('c.lead_id')
        .select('c.*')
        .orderBy([
          { column: 'c.lead_id' },
          { column: 'c.activity_date', order: 'desc' },
          { column: 'c.id', order: 'desc' },
        ]);
      latest.where('c.activity_date', '>=', query.dateFrom ?? threeMonthsBack());
      if (query.dateTo) latest.where('c.activity_date', '<=', query.dateTo);
      if (query.type) latest.where('c.type', query.type);
      if (query.userId) latest.where('c.created_by', query.userId);
      const q = applyReadScope(
        activities(knex, knex.raw('(?) as a', [latest])).whereNull('l.deleted_at'),
        principal,
        'Lead',
        'l',
      );
      if (query.branchId) q.where('l.branch_id', query.branchId);
      if (query.serviceLineId)
        q.whereExists((sub) =>
          sub
            .from('lead_service_lines as f')
            .whereRaw('f.lead_id = l.id')
            .whereNull('f.deleted_at')
            .where('f.service_line_id', query.serviceLineId),
        );
      if (query.q) {
        const like = containing(query.q);
        q.where((w) =>
          w
            .whereILike('l.company_name', like)
            .orWhereILike('a.number', like)
            .orWhereExists((sub) =>
              sub
                .from('lead_service_lines as sl')
                .join('service_lines as sv', 'sv.id', 'sl.service_line_id')
                .whereRaw('sl.lead_id = l.id')
                .whereNull('sl.deleted_at')
                .whereILike('sv.name', like),
            ),
        );
      }
      return paginate(q.orderBy('a.activity_date', 'desc').orderBy('a.id', 'desc'), query.page, query.pageSize);
    },
  },
  {
    method: 'get',
    path: '/api/customer-activities/available-leads',
    summary: 'Leads in your scope that are not customers yet (for a new activity)',
    tag: 'customer activities',
    query: Joi.object({ q: Joi.string().trim().max(100) }),
    async handler(ctx, { query }) {
      const principal = requirePrincipal(ctx);
      requireAbility(principal, 'create', 'CustomerActivity');
      const q = applyReadScope(
        ctx.deps.knex('leads as l').whereNull('l.deleted_at').whereNot('l.status_id', CUSTOMER_STATUS),
        principal,
        'Lead',
        'l',
      )
        .select('l.id', 'l.code', 'l.company_name as companyName')
        .orderBy('l.company_name')
        .limit(100);
      if (query.q) q.whereILike('l.company_name', containing(query.q));
      return { data: await q };
    },
  },
  {
    method: 'get',
    path: '/api/customer-activities/:id',
    summary: 'One activity with its files',
    tag: 'customer activities',
    params: idParams,
    async handler(ctx, { params }) {
      const principal = requirePrincipal(ctx);
      requireAbility(principal, 'read', 'CustomerActivity');
      return scopedActivity(ctx.deps.knex, principal, params.id);
    },
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
      const pks = await contractOf(ctx, principal, params.id);
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
    async handler(ctx, { params, query }) {
      const principal = requirePrincipal(ctx);
      requireAbility(principal, 'read', 'CustomerActivity');
      const pks = await contractOf(ctx, principal, params.id);
      const q = activities(ctx.deps.knex)
        .where('a.pks_id', pks.id)
        .whereNull('a.deleted_at')
        .orderBy('a.activity_date', 'desc')
        .orderBy('a.id', 'desc');
      const page = await paginate<{ id: number }>(q, query.page, query.pageSize);
      return { ...page, data: await withFiles(ctx.deps.knex, page.data) };
    },
  },
  {
    method: 'put',
    path: '/api/customer-activities/:id',
    summary: 'Change a user-entered activity (its lead stays); a statusId moves the lead too',
    tag: 'customer activities',
    params: idParams,
    body: Joi.object(activityFields).required(),
    async handler(ctx, { params, body }) {
      const principal = requirePrincipal(ctx);
      requireAbility(principal, 'update', 'CustomerActivity');
      const knex = ctx.deps.knex;
      const activity = await scopedActivity(knex, principal, params.id);
      if (!activity.isUserEntered)
        throw conflict(`activity ${activity.number} is a system event and cannot be changed`);
      if (activity.pksId && body.statusId)
        throw invalid([
          { field: 'statusId', message: 'an activity of a contract cannot change its customer’s status' },
        ]);
      const lead = (await findLead(knex, activity.leadId))!;
      const errors = await activityErrors(knex, principal, lead, body);
      if (errors.length) throw invalid(errors);
      await knex.transaction(async (trx) => {
        await trx('customer_activities')
          .where({ id: activity.id })
          .update({ ...activityColumns(body), updated_by: principal.userId, updated_at: trx.fn.now() });
        await replaceFileLinks(trx, 'customer_activity_files', 'activity_id', activity.id, body.fileIds);
        if (body.statusId)
          await changeLeadStatus(trx, lead.id, body.statusId, `activity ${activity.number}`, principal.userId);
      });
      return activityView(knex, activity.id);
    },
  },
  {
    method: 'delete',
    path: '/api/customer-activities/:id',
    summary: 'Delete a user-entered activity (kept as deleted)',
    tag: 'customer activities',
    params: idParams,
    async handler(ctx, { params }) {
      const principal = requirePrincipal(ctx);
      requireAbility(principal, 'delete', 'CustomerActivity');
      const activity = await scopedActivity(ctx.deps.knex, principal, params.id);
      if (!activity.isUserEntered)
        throw conflict(`activity ${activity.number} is a system event and cannot be deleted`);
      await ctx.deps
        .knex('customer_activities')
        .where({ id: activity.id })
        .update({ deleted_at: ctx.deps.knex.fn.now(), deleted_by: principal.userId });
      return undefined;
    },
  },
  {
    method: 'get',
    path: '/api/leads/:id/activities',
    summary: 'The whole activity timeline of a lead, newest first, with files',
    tag: 'customer activities',
    params: idParams,
    async handler(ctx, { params }) {
      const principal = requirePrincipal(ctx);
      requireAbility(principal, 'read', 'CustomerActivity');
      const knex = ctx.deps.knex;
      const lead = requireRowAbility(principal, 'read', 'Lead', await findLead(knex, params.id), `lead ${params.id}`);
      const rows = await activities(knex)
        .where('a.lead_id', lead.id)
        .whereNull('a.deleted_at')
        .orderBy('a.activity_date', 'desc')
        .orderBy('a.id', 'desc');
      return { lead, data: await withFiles(knex, rows) };
    },
  },
];
