// Sales activities (crm.md §6): what a salesperson did on one service line of a lead. Scope follows the line:
// own lines for a salesperson, the team's for a leader, the branch's for a manager, all for management.
import { subject as asSubject } from '@casl/ability';
import type { Knex } from 'knex';
import type { Principal } from '../auth/principal';
import { findLead } from '../db/leads';
import { applyReadScope } from '../db/read-scope';
import { requireAbility, requireRowAbility } from '../auth/guards';
import { paginate } from '../db/listing';
import { type FieldError, invalid } from '../errors';
import { durationMinutes, minutesOfDay } from '../domain/time-of-day';
import { ownFiles, filesOf, replaceFileLinks } from './files';
import type { ServiceDeps, ServiceInput } from './deps';

export const inDerived = (field: string) => `sa.${field}`;

// Activities with the scope fields of their service line (salesperson) and lead (branch).
export function scoped(knex: Knex | Knex.Transaction) {
  const base = knex('sales_activities as a')
    .join('lead_service_lines as ls', 'ls.id', 'a.lead_service_line_id')
    .join('service_lines as s', 's.id', 'ls.service_line_id')
    .join('leads as l', 'l.id', 'a.lead_id')
    .leftJoin('visit_types as v', 'v.id', 'a.visit_type_id')
    .leftJoin('users as u', 'u.id', 'a.created_by')
    .whereNull('a.deleted_at')
    .select(
      'a.id',
      'a.lead_id as leadId',
      'l.code as leadCode',
      'l.company_name as companyName',
      'a.lead_service_line_id as leadServiceLineId',
      's.id as serviceLineId',
      's.name as serviceLineName',
      'ls.sales_user_id as salesUserId',
      'l.branch_id as branchId',
      'a.activity_date as activityDate',
      'a.type',
      'a.minutes',
      'a.start_time as startTime',
      'a.end_time as endTime',
      'a.duration_minutes as durationMinutes',
      'a.recipient',
      'a.visit_type_id as visitTypeId',
      'v.name as visitTypeName',
      'a.created_by as createdBy',
      'u.full_name as createdByName',
      'a.created_at as createdAt',
    );
  return knex.from(base.as('sa')).select('sa.*');
}

export async function inputErrors(db: Knex, principal: Principal, body: Record<string, any>): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  if (body.startTime && body.endTime && minutesOfDay(body.endTime) <= minutesOfDay(body.startTime))
    errors.push({ field: 'endTime', message: 'endTime must be after startTime' });
  if (body.visitTypeId && !(await db('visit_types').where({ id: body.visitTypeId }).first()))
    errors.push({ field: 'visitTypeId', message: `visitTypeId ${body.visitTypeId} does not exist` });
  if (!errors.length && body.fileIds?.length) await ownFiles(db, principal, body.fileIds, 'sales-activity', 'fileIds');
  return errors;
}

export function columns(body: Record<string, any>) {
  return {
    activity_date: body.activityDate,
    type: body.type,
    minutes: body.minutes,
    start_time: body.startTime ?? null,
    end_time: body.endTime ?? null,
    duration_minutes: durationMinutes(body.startTime, body.endTime),
    recipient: body.recipient || null,
    visit_type_id: body.visitTypeId ?? null,
  };
}

export function subjectOf(salesUserId: number | null, branchId: number | null) {
  return asSubject('SalesActivity', { salesUserId, branchId });
}

// GET /api/sales-activities
export async function getSalesActivities(deps: ServiceDeps, principal: Principal, { query }: ServiceInput) {
  requireAbility(principal, 'read', 'SalesActivity');
  const q = applyReadScope(scoped(deps.knex), principal, 'SalesActivity', 'sa', inDerived);
  if (query.leadId) q.where('sa.leadId', query.leadId);
  if (query.serviceLineId) q.where('sa.serviceLineId', query.serviceLineId);
  if (query.type) q.where('sa.type', query.type);
  return paginate(q.orderBy('sa.activityDate', 'desc').orderBy('sa.id', 'desc'), query.page, query.pageSize);
}

// GET /api/sales-activities/stats
export async function getSalesActivitiesStats(deps: ServiceDeps, principal: Principal, { query }: ServiceInput) {
  requireAbility(principal, 'read', 'SalesActivity');
  const knex = deps.knex;
  const base = () => {
    const q = applyReadScope(scoped(knex), principal, 'SalesActivity', 'sa', inDerived);
    if (query.dateFrom) q.where('sa.activityDate', '>=', query.dateFrom);
    if (query.dateTo) q.where('sa.activityDate', '<=', query.dateTo);
    return q;
  };
  const byType = await knex
    .from(base().as('x'))
    .groupBy('x.type')
    .orderBy('x.type')
    .select('x.type', knex.raw('count(*)::int as count'));
  const byMonth = await knex
    .from(base().as('x'))
    .groupByRaw('to_char(x."activityDate", \'YYYY-MM\')')
    .orderBy('month')
    .select(knex.raw('to_char(x."activityDate", \'YYYY-MM\') as month'), knex.raw('count(*)::int as count'));
  return { total: byType.reduce((sum: number, t: { count: number }) => sum + t.count, 0), byType, byMonth };
}

// GET /api/leads/:id/sales-service-lines
export async function getLeadsSalesServiceLines(deps: ServiceDeps, principal: Principal, { params }: ServiceInput) {
  const lead = requireRowAbility(principal, 'read', 'Lead', await findLead(deps.knex, params.id), `lead ${params.id}`);
  return {
    data: lead.serviceLines.filter((l) => principal.ability.can('create', subjectOf(l.salesUserId, lead.branchId))),
  };
}

export async function activityOf(
  deps: ServiceDeps,
  principal: Principal,
  activityId: number,
  action: 'read' | 'update' | 'delete',
) {
  const row = await scoped(deps.knex).where('sa.id', activityId).first();
  const activity = requireRowAbility(principal, action, 'SalesActivity', row, `sales activity ${activityId}`);
  return { ...activity, files: await filesOf(deps.knex, 'sales_activity_files', 'activity_id', activityId) };
}

// GET /api/sales-activities/:id
export async function getSalesActivitiesById(deps: ServiceDeps, principal: Principal, { params }: ServiceInput) {
  return activityOf(deps, principal, params.id, 'read');
}

// POST /api/sales-activities
export async function postSalesActivities(deps: ServiceDeps, principal: Principal, { body }: ServiceInput) {
  requireAbility(principal, 'create', 'SalesActivity');
  const knex = deps.knex;
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
  return activityOf(deps, principal, activityId, 'read');
}

// PUT /api/sales-activities/:id
export async function putSalesActivities(deps: ServiceDeps, principal: Principal, { params, body }: ServiceInput) {
  await activityOf(deps, principal, params.id, 'update');
  const errors = await inputErrors(deps.knex, principal, body);
  if (errors.length) throw invalid(errors);
  await deps.knex.transaction(async (trx) => {
    await trx('sales_activities')
      .where({ id: params.id })
      .update({ ...columns(body), updated_by: principal.userId, updated_at: trx.fn.now() });
    await replaceFileLinks(trx, 'sales_activity_files', 'activity_id', params.id, body.fileIds);
  });
  return activityOf(deps, principal, params.id, 'read');
}

// DELETE /api/sales-activities/:id
export async function deleteSalesActivities(deps: ServiceDeps, principal: Principal, { params }: ServiceInput) {
  await activityOf(deps, principal, params.id, 'delete');
  await deps
    .knex('sales_activities')
    .where({ id: params.id })
    .update({ deleted_at: deps.knex.fn.now(), deleted_by: principal.userId });
  return undefined;
}
