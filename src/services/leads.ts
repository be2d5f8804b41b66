// Leads (domain/crm.md §1): create with the duplicate-company rule and sales assignment, list and read within
// the caller's scope, update, soft delete and restore, child leads, activation, status history.
import type { Knex } from 'knex';
import type { Principal } from '../auth/principal';
import {
  CUSTOMER_STATUS,
  leadQuery,
  comparableName,
  findLead,
  insertLead,
  logSystemActivity,
  syncServiceLines,
  withServiceLines,
} from '../db/leads';
import { isSellingRole } from '../domain/lead-assignment';
import { jakartaDate } from '../domain/jakarta-time';
import { applyReadScope } from '../db/read-scope';
import { requireAbility, requireRowAbility } from '../auth/guards';
import { containing, paginate } from '../db/listing';
import { invalid } from '../errors';
import { recordAudit } from '../db/audit';
import type { ServiceDeps, ServiceInput } from './deps';
import { leadInputErrors, leadColumns, checkDuplicates } from './lead-create';

export const CHILD_LEAD_SOURCE = 8;

export function sixMonthsAgo(): string {
  const today = new Date(`${jakartaDate(new Date())}T00:00:00Z`);
  today.setUTCMonth(today.getUTCMonth() - 6);
  return today.toISOString().slice(0, 10);
}

export function applyListFilters(knex: Knex, q: Knex.QueryBuilder, query: Record<string, any>) {
  if (query.q) {
    const like = containing(query.q);
    // The matching leads as a union of index scans (trigram indexes on name and code, the creator's leads, the
    // leads of a matching service line), computed once as an array: a search never reads every lead in scope, and
    // the planner cannot mistake the set's size for a join (issue 14).
    const matching = knex
      .from('leads')
      .whereILike('company_name', like)
      .select('id')
      .union((u) => u.from('leads').whereILike('code', like).select('id'))
      .union((u) =>
        u
          .from('leads')
          .whereIn('created_by', (users) => users.from('users').whereILike('full_name', like).select('id'))
          .select('id'),
      )
      .union((u) =>
        u
          .from('lead_service_lines as sl')
          .join('service_lines as s', 's.id', 'sl.service_line_id')
          .whereNull('sl.deleted_at')
          .whereILike('s.name', like)
          .select('sl.lead_id'),
      );
    q.whereRaw('l.id = any(array(?))', [matching]);
  }
  // Without a search or a date range the list shows the last six months (crm.md §1.7).
  return applyLeadColumnFilters(q, { ...query, dateFrom: query.dateFrom ?? (query.q ? undefined : sixMonthsAgo()) });
}

// The filters on a lead's own columns (`l`): lead date range, branch, source, status and service line; shared by the
// lead list and lists of what leads hold (sites).
export function applyLeadColumnFilters(q: Knex.QueryBuilder, query: Record<string, any>) {
  if (query.dateFrom) q.where('l.lead_date', '>=', query.dateFrom);
  if (query.dateTo) q.where('l.lead_date', '<=', query.dateTo);
  for (const [field, column] of [
    ['branchId', 'l.branch_id'],
    ['sourceId', 'l.source_id'],
    ['statusId', 'l.status_id'],
  ])
    if (query[field]) q.where(column, query[field]);
  if (query.serviceLineId) {
    q.whereExists((sub) =>
      sub
        .from('lead_service_lines as f')
        .whereRaw('f.lead_id = l.id')
        .whereNull('f.deleted_at')
        .where('f.service_line_id', query.serviceLineId),
    );
  }
  return q;
}

// The page is chosen on the leads table alone (with the creator's name for searches) and only its rows are joined
// to their names: planning the 13-table join once per page of ids, not over every matching lead, is what keeps a
// list at 10k leads fast (issue 14).
export async function pagedLeads(filtered: Knex.QueryBuilder, knex: Knex, query: Record<string, any>) {
  const order = (q: Knex.QueryBuilder) => q.orderBy('l.lead_date', 'desc').orderBy('l.id', 'desc');
  const ids = await paginate<{ id: number }>(order(filtered.select('l.id')), query.page, query.pageSize);
  const rows = ids.data.length
    ? await order(
        leadQuery(knex).whereIn(
          'l.id',
          ids.data.map((r) => r.id),
        ),
      )
    : [];
  return { ...ids, data: await withServiceLines(knex, rows) };
}

// GET /api/leads/for-quotation
export async function getLeadsForQuotation(deps: ServiceDeps, principal: Principal, { query }: ServiceInput) {
  requireAbility(principal, 'read', 'Lead');
  const q = applyReadScope(
    deps.knex('leads as l').whereNull('l.deleted_at').whereNull('l.parent_lead_id'),
    principal,
    'Lead',
    'l',
  )
    .select('l.id', 'l.code', 'l.company_name as companyName', 'l.branch_id as branchId')
    .orderBy('l.company_name')
    .limit(100);
  if (query.q) q.whereILike('l.company_name', containing(query.q));
  return { data: await q };
}

// POST /api/leads/:id/restore
export async function postLeadsRestore(deps: ServiceDeps, principal: Principal, { params, body }: ServiceInput) {
  const lead = requireRowAbility(
    principal,
    'delete',
    'Lead',
    await findLead(deps.knex, params.id, { deleted: true }),
    `deleted lead ${params.id}`,
  );
  return deps.knex.transaction(async (trx) => {
    await checkDuplicates(deps.knex, trx, principal, lead.companyName, body?.duplicateOverrideReason, lead.id);
    await trx('lead_service_lines')
      .where({ lead_id: lead.id, deleted_at: lead.deletedAt })
      .update({ deleted_at: null, deleted_by: null });
    await trx('leads')
      .where({ id: lead.id })
      .update({ deleted_at: null, deleted_by: null, updated_by: principal.userId, updated_at: trx.fn.now() });
    await recordAudit(trx, 'leads', lead.id, 'restore', principal.userId, null, null);
    return findLead(trx, lead.id);
  });
}

export type LeadListKind = 'open' | 'deleted' | 'inactive';

const NARROW: Record<LeadListKind, (q: Knex.QueryBuilder) => Knex.QueryBuilder> = {
  open: (q) => q.whereNull('l.deleted_at').whereNot('l.status_id', CUSTOMER_STATUS),
  deleted: (q) => q.whereNotNull('l.deleted_at'),
  inactive: (q) => q.whereNull('l.deleted_at').where('l.is_active', false),
};

// One page of leads in the caller's scope; open leads default to the last six months, the other lists do not.
export function listLeads(knex: Knex, principal: Principal, kind: LeadListKind, query: Record<string, any>) {
  const q = applyReadScope(NARROW[kind](knex('leads as l')), principal, 'Lead', 'l');
  const filters = kind === 'open' ? query : { ...query, dateFrom: query.dateFrom ?? '1900-01-01' };
  return pagedLeads(applyListFilters(knex, q, filters), knex, query);
}

export async function readableLead(
  deps: ServiceDeps,
  principal: Principal,
  leadId: number,
  action: 'read' | 'update' | 'delete' = 'read',
) {
  const lead = await findLead(deps.knex, leadId);
  return { principal, lead: requireRowAbility(principal, action, 'Lead', lead, `lead ${leadId}`) };
}

// GET /api/leads/:id
export async function getLeadsById(deps: ServiceDeps, principal: Principal, { params }: ServiceInput) {
  const { lead } = await readableLead(deps, principal, params.id);
  const knex = deps.knex;
  const group = await knex('company_group_members as m')
    .join('company_groups as g', 'g.id', 'm.group_id')
    .where('m.lead_id', lead.id)
    .first('g.id', 'g.name');
  const [{ n }] = await knex('leads').where({ parent_lead_id: lead.id }).whereNull('deleted_at').count({ n: '*' });
  return { ...lead, group: group ?? null, childCount: Number(n) };
}

// PUT /api/leads/:id
export async function putLeads(deps: ServiceDeps, principal: Principal, { params, body }: ServiceInput) {
  const { lead } = await readableLead(deps, principal, params.id, 'update');
  return deps.knex.transaction(async (trx) => {
    const errors = await leadInputErrors(trx, body);
    if (errors.length) throw invalid(errors);
    const { name } = await checkDuplicates(
      deps.knex,
      trx,
      principal,
      body.companyName,
      body.duplicateOverrideReason,
      lead.id,
    );
    // Kept lines keep their salesperson; new lines go to a selling editor, else stay unassigned.
    const plan = (body.serviceLineIds as number[]).map((serviceLineId) => ({
      serviceLineId,
      salesUserId:
        lead.serviceLines.find((l) => l.serviceLineId === serviceLineId)?.salesUserId ??
        (isSellingRole(principal.roleCode) ? principal.userId : null),
    }));
    await trx('leads')
      .where({ id: lead.id })
      .update({
        ...leadColumns(body),
        company_name: body.companyName,
        normalized_name: name.normalized,
        core_name: name.core.join(' '),
        updated_by: principal.userId,
        updated_at: trx.fn.now(),
      });
    await syncServiceLines(trx, lead.id, plan, principal.userId);
    await logSystemActivity(trx, lead, 'Leads', 'Lead updated', principal.userId);
    const after = await findLead(trx, lead.id);
    await recordAudit(trx, 'leads', lead.id, 'update', principal.userId, lead, after!);
    return after;
  });
}

// DELETE /api/leads/:id
export async function deleteLeads(deps: ServiceDeps, principal: Principal, { params }: ServiceInput) {
  const { lead } = await readableLead(deps, principal, params.id, 'delete');
  await deps.knex.transaction(async (trx) => {
    // One timestamp for the lead and its lines, so a restore brings back exactly these lines.
    const at = new Date();
    await trx('leads').where({ id: lead.id }).update({ deleted_at: at, deleted_by: principal.userId });
    await trx('lead_service_lines')
      .where({ lead_id: lead.id })
      .whereNull('deleted_at')
      .update({ deleted_at: at, deleted_by: principal.userId });
    await recordAudit(trx, 'leads', lead.id, 'delete', principal.userId, lead, null);
  });
  return undefined;
}

// GET /api/leads/:id/children
export async function getLeadsChildren(deps: ServiceDeps, principal: Principal, { params }: ServiceInput) {
  const { lead } = await readableLead(deps, principal, params.id);
  const children = await leadQuery(deps.knex)
    .where('l.parent_lead_id', lead.id)
    .whereNull('l.deleted_at')
    .orderBy('l.id');
  return { parent: lead, data: await withServiceLines(deps.knex, children) };
}

// POST /api/leads/:id/children
export async function postLeadsChildren(deps: ServiceDeps, principal: Principal, { params, body }: ServiceInput) {
  requireAbility(principal, 'create', 'Lead');
  const { lead: parent } = await readableLead(deps, principal, params.id);
  if (parent.parentLeadId) throw invalid([{ field: 'id', message: 'a child lead cannot have children of its own' }]);
  return deps.knex.transaction(async (trx) => {
    // The duplicate rule does not apply: a child lead is the same customer by design (crm.md §1.4).
    const name = await comparableName(deps.knex, body.companyName);
    const copied = leadColumns(parent);
    const main = isSellingRole(principal.roleCode) ? principal.userId : parent.mainSalesUserId;
    const child = await insertLead(
      trx,
      {
        ...copied,
        lead_date: jakartaDate(new Date()),
        company_name: body.companyName.toUpperCase(),
        parent_lead_id: parent.id,
        source_id: CHILD_LEAD_SOURCE,
        owner_user_id: main,
        status_id: 1,
      },
      name,
      principal.userId,
    );
    await syncServiceLines(
      trx,
      child.id,
      parent.serviceLines.map((l) => ({ serviceLineId: l.serviceLineId, salesUserId: main })),
      principal.userId,
    );
    await logSystemActivity(
      trx,
      { ...child, branchId: parent.branchId },
      'Leads',
      `Child lead of ${parent.code} created`,
      principal.userId,
    );
    return findLead(trx, child.id);
  });
}

// POST /api/leads/:id/activate
export async function postLeadsActivate(deps: ServiceDeps, principal: Principal, { params }: ServiceInput) {
  const { lead } = await readableLead(deps, principal, params.id, 'update');
  await deps
    .knex('leads')
    .where({ id: lead.id })
    .update({ is_active: true, updated_by: principal.userId, updated_at: deps.knex.fn.now() });
  return findLead(deps.knex, lead.id);
}

// GET /api/leads/:id/status-history
export async function getLeadsStatusHistory(deps: ServiceDeps, principal: Principal, { params }: ServiceInput) {
  const { lead } = await readableLead(deps, principal, params.id);
  const data = await deps
    .knex('lead_status_history as h')
    .leftJoin('lead_statuses as f', 'f.id', 'h.from_status_id')
    .join('lead_statuses as t', 't.id', 'h.to_status_id')
    .leftJoin('users as u', 'u.id', 'h.changed_by')
    .where('h.lead_id', lead.id)
    .orderBy('h.id')
    .select(
      'h.from_status_id as fromStatusId',
      'f.name as fromStatusName',
      'h.to_status_id as toStatusId',
      't.name as toStatusName',
      'h.reason',
      'h.changed_by as changedBy',
      'u.full_name as changedByName',
      'h.changed_at as changedAt',
    );
  return { data };
}
