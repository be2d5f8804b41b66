// Customer activities (crm.md §5): interactions users log against a lead (calls, meetings, visits, e-mails)
// next to the system events of its timeline; a status chosen on an activity moves the lead too.
import type { Knex } from 'knex';
import type { Principal } from '../auth/principal';
import { CUSTOMER_STATUS, changeLeadStatus, findLead, nextActivityNumber, type LeadRow } from '../db/leads';
import { jakartaDate } from '../domain/jakarta-time';
import { applyReadScope } from '../db/read-scope';
import { requireAbility, requireRowAbility } from '../auth/guards';
import { containing, paginate } from '../db/listing';
import { conflict, invalid, notFound, type FieldError } from '../errors';
import { contractOf } from './contract-access';
import { durationMinutes, minutesOfDay } from '../domain/time-of-day';
import { filesOf, ownFiles, replaceFileLinks } from './files';
import type { ServiceDeps, ServiceInput } from './deps';

export const serviceCodeOf = async (db: Knex | Knex.Transaction, serviceLineId?: number | null) =>
  serviceLineId ? ((await db('service_lines').where({ id: serviceLineId }).first('code')).code as string) : null;

export const withFiles = (db: Knex, rows: Array<{ id: number }>) =>
  Promise.all(
    rows.map(async (row) => ({ ...row, files: await filesOf(db, 'customer_activity_files', 'activity_id', row.id) })),
  );

export const ACTIVITY_COLUMNS = [
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

export function activities(db: Knex | Knex.Transaction, from: string | Knex.Raw = 'customer_activities as a') {
  return db
    .from(from)
    .join('leads as l', 'l.id', 'a.lead_id')
    .leftJoin('lead_statuses as s', 's.id', 'a.status_id')
    .leftJoin('visit_types as v', 'v.id', 'a.visit_type_id')
    .leftJoin('users as u', 'u.id', 'a.created_by')
    .select(ACTIVITY_COLUMNS);
}

export async function activityView(db: Knex | Knex.Transaction, activityId: number) {
  const row = await activities(db).where('a.id', activityId).whereNull('a.deleted_at').first();
  if (!row) return undefined;
  return { ...row, files: await filesOf(db, 'customer_activity_files', 'activity_id', activityId) };
}

// The activity and the lead it belongs to, if the caller may see that lead.
export async function scopedActivity(knex: Knex, principal: Principal, activityId: number) {
  const activity = await activityView(knex, activityId);
  if (!activity) throw notFound(`activity ${activityId}`);
  requireRowAbility(principal, 'read', 'Lead', await findLead(knex, activity.leadId), `activity ${activityId}`);
  return activity;
}

export async function activityErrors(
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
export async function recordActivity(
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

export function activityColumns(body: Record<string, any>) {
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

export function threeMonthsBack(): string {
  const start = new Date(`${jakartaDate(new Date()).slice(0, 7)}-01T00:00:00Z`);
  start.setUTCMonth(start.getUTCMonth() - 3);
  return start.toISOString().slice(0, 10);
}

// GET /api/customer-activities
export async function getCustomerActivities(deps: ServiceDeps, principal: Principal, { query }: ServiceInput) {
  requireAbility(principal, 'read', 'CustomerActivity');
  const knex = deps.knex;
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
}

// GET /api/customer-activities/available-leads
export async function getCustomerActivitiesAvailableLeads(
  deps: ServiceDeps,
  principal: Principal,
  { query }: ServiceInput,
) {
  requireAbility(principal, 'create', 'CustomerActivity');
  const q = applyReadScope(
    deps.knex('leads as l').whereNull('l.deleted_at').whereNot('l.status_id', CUSTOMER_STATUS),
    principal,
    'Lead',
    'l',
  )
    .select('l.id', 'l.code', 'l.company_name as companyName')
    .orderBy('l.company_name')
    .limit(100);
  if (query.q) q.whereILike('l.company_name', containing(query.q));
  return { data: await q };
}

// GET /api/customer-activities/:id
export async function getCustomerActivitiesById(deps: ServiceDeps, principal: Principal, { params }: ServiceInput) {
  requireAbility(principal, 'read', 'CustomerActivity');
  return scopedActivity(deps.knex, principal, params.id);
}

// GET /api/pks/:id/activities
export async function getPksActivities(deps: ServiceDeps, principal: Principal, { params, query }: ServiceInput) {
  requireAbility(principal, 'read', 'CustomerActivity');
  const pks = await contractOf(deps, principal, params.id);
  const q = activities(deps.knex)
    .where('a.pks_id', pks.id)
    .whereNull('a.deleted_at')
    .orderBy('a.activity_date', 'desc')
    .orderBy('a.id', 'desc');
  const page = await paginate<{ id: number }>(q, query.page, query.pageSize);
  return { ...page, data: await withFiles(deps.knex, page.data) };
}

// PUT /api/customer-activities/:id
export async function putCustomerActivities(deps: ServiceDeps, principal: Principal, { params, body }: ServiceInput) {
  requireAbility(principal, 'update', 'CustomerActivity');
  const knex = deps.knex;
  const activity = await scopedActivity(knex, principal, params.id);
  if (!activity.isUserEntered) throw conflict(`activity ${activity.number} is a system event and cannot be changed`);
  if (activity.pksId && body.statusId)
    throw invalid([{ field: 'statusId', message: 'an activity of a contract cannot change its customer’s status' }]);
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
}

// DELETE /api/customer-activities/:id
export async function deleteCustomerActivities(deps: ServiceDeps, principal: Principal, { params }: ServiceInput) {
  requireAbility(principal, 'delete', 'CustomerActivity');
  const activity = await scopedActivity(deps.knex, principal, params.id);
  if (!activity.isUserEntered) throw conflict(`activity ${activity.number} is a system event and cannot be deleted`);
  await deps
    .knex('customer_activities')
    .where({ id: activity.id })
    .update({ deleted_at: deps.knex.fn.now(), deleted_by: principal.userId });
  return undefined;
}

// GET /api/leads/:id/activities
export async function getLeadsActivities(deps: ServiceDeps, principal: Principal, { params }: ServiceInput) {
  requireAbility(principal, 'read', 'CustomerActivity');
  const knex = deps.knex;
  const lead = requireRowAbility(principal, 'read', 'Lead', await findLead(knex, params.id), `lead ${params.id}`);
  const rows = await activities(knex)
    .where('a.lead_id', lead.id)
    .whereNull('a.deleted_at')
    .orderBy('a.activity_date', 'desc')
    .orderBy('a.id', 'desc');
  return { lead, data: await withFiles(knex, rows) };
}
