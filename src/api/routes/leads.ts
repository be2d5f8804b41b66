// Leads (domain/crm.md §1): create with the duplicate-company rule and sales assignment, list and read within
// the caller's scope, update, soft delete and restore, child leads, activation, status history.
import Joi from 'joi';
import type { Knex } from 'knex';
import type { Principal } from '../../auth/principal';
import {
  CUSTOMER_STATUS,
  LEAD_COLUMNS,
  comparableName,
  duplicatesOf,
  findLead,
  insertLead,
  leadQuery,
  logSystemActivity,
  syncServiceLines,
  withServiceLines,
  type LeadField,
} from '../../db/leads';
import { describeDuplicates } from '../../domain/company-name-similarity';
import { isSellingRole, planNewLeadLines, type AssignmentInput } from '../../domain/lead-assignment';
import { notifyAssignmentChanges } from '../../db/notifications';
import { assignedLineErrors } from './lead-assignments';
import { jakartaDate } from '../../domain/jakarta-time';
import { applyReadScope } from '../../db/read-scope';
import { requireAbility, requireRowAbility } from '../../auth/guards';
import { containing, paginate } from '../../db/listing';
import { idParams, pageQuery } from '../listing';
import { conflict, invalid, type FieldError } from '../problem';
import { recordAudit } from '../../db/audit';
import { requirePrincipal, type RouteSpec } from '../route';
import { calendarDate, cityCode, districtCode, provinceCode, villageCode } from '../schemas';

// Roles that may record a lead despite a similar name, giving a reason (NEW, crm.md §1.4).
const DUPLICATE_OVERRIDE_ROLES = ['superadmin', 'sales_head', 'sales_manager', 'dir_sales'];
const CHILD_LEAD_SOURCE = 8;

const id = Joi.number().integer().min(1);
const optionalText = (max: number) => Joi.string().trim().max(max).allow(null, '');

export const leadFields = {
  companyName: Joi.string().trim().min(3).max(100).required(),
  picName: Joi.string().trim().min(1).max(150).required(),
  branchId: id.required(),
  serviceLineIds: Joi.array().items(id).min(1).unique().required(),
  provinceCode: provinceCode.required(),
  cityCode: cityCode.required(),
  districtCode: districtCode.allow(null),
  villageCode: villageCode.allow(null),
  phone: optionalText(50),
  companyTypeId: id.allow(null),
  businessSectorId: id.allow(null),
  legalFormId: id.allow(null),
  sourceId: id.allow(null),
  address: optionalText(1000),
  picTitleId: id.allow(null),
  picPhone: optionalText(50),
  picEmail: Joi.string()
    .trim()
    .email({ tlds: { allow: false } })
    .max(150)
    .allow(null, ''),
  foreignCapital: Joi.boolean(),
  notes: optionalText(5000),
  leadDate: calendarDate,
};

const leadBody = Joi.object({
  ...leadFields,
  assignments: Joi.array()
    .items(Joi.object({ salesUserId: id.required(), serviceLineIds: Joi.array().items(id).min(1).unique().required() }))
    .max(10),
  duplicateOverrideReason: Joi.string().trim().min(5).max(500),
}).required();

const REFERENCES: Array<[LeadField | 'serviceLineIds', string, boolean]> = [
  ['branchId', 'branches', false],
  ['companyTypeId', 'company_types', true],
  ['businessSectorId', 'business_sectors', false],
  ['legalFormId', 'legal_forms', true],
  ['sourceId', 'lead_sources', false],
  ['picTitleId', 'pic_titles', false],
];

// Every id in a lead body must exist, and the location must nest (village in district in city in province).
export async function leadInputErrors(db: Knex | Knex.Transaction, body: Record<string, any>): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  for (const [field, table, softDeleted] of REFERENCES) {
    if (body[field] === undefined || body[field] === null) continue;
    const q = db(table).where({ id: body[field] });
    if (softDeleted) q.whereNull('deleted_at');
    if (!(await q.first('id'))) errors.push({ field, message: `${field} ${body[field]} does not exist` });
  }
  if (body.serviceLineIds) {
    const found: number[] = await db('service_lines').whereIn('id', body.serviceLineIds).pluck('id');
    const missing = body.serviceLineIds.filter((l: number) => !found.includes(l));
    if (missing.length)
      errors.push({ field: 'serviceLineIds', message: `service line(s) ${missing.join(', ')} do not exist` });
  }
  const levels: Array<[string, string, string, string]> = [
    ['provinceCode', 'provinces', '', ''],
    ['cityCode', 'cities', 'province_code', 'provinceCode'],
    ['districtCode', 'districts', 'city_code', 'cityCode'],
    ['villageCode', 'villages', 'district_code', 'districtCode'],
  ];
  for (const [field, table, parentColumn, parentField] of levels) {
    if (!body[field]) continue;
    const row = await db(table).where({ code: body[field] }).first();
    if (!row) errors.push({ field, message: `${field} ${body[field]} does not exist` });
    else if (parentColumn && row[parentColumn] !== body[parentField])
      errors.push({
        field,
        message: `${field} ${body[field]} is not in ${parentField} ${body[parentField] ?? '(none)'}`,
      });
  }
  return errors;
}

// Salespeople named in assignments must be active users with a selling role, on lines the lead has.
export async function assignmentErrors(
  db: Knex | Knex.Transaction,
  assignments: AssignmentInput[],
  leadLines: number[],
): Promise<FieldError[]> {
  const errors = assignedLineErrors(assignments, leadLines);
  for (const [index, a] of assignments.entries()) {
    const user = await db('users as u')
      .join('roles as r', 'r.id', 'u.role_id')
      .where('u.id', a.salesUserId)
      .where('u.is_active', true)
      .first('r.code');
    if (!user || !isSellingRole(user.code))
      errors.push({
        field: `assignments.${index}.salesUserId`,
        message: `user ${a.salesUserId} is not an active salesperson`,
      });
  }
  return errors;
}

export function leadColumns(body: Record<string, unknown>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(LEAD_COLUMNS)) {
    if (body[field] === undefined) continue;
    row[column] = body[field] === '' ? null : body[field];
  }
  return row;
}

// Refuses a name too similar to another lead's unless a privileged caller gives a reason.
export async function checkDuplicates(
  knex: Knex,
  trx: Knex.Transaction,
  principal: Principal,
  companyName: string,
  overrideReason: string | undefined,
  excludeId?: number,
) {
  // One lead-name check at a time: two concurrent creates of the same company cannot both pass.
  await trx.raw("SELECT pg_advisory_xact_lock(hashtext('lead-names'))");
  const name = await comparableName(knex, companyName);
  const matches = await duplicatesOf(trx, name, excludeId);
  if (matches.length && !overrideReason) {
    throw conflict(`a similar company is already a lead: ${describeDuplicates(matches)}`, [
      { field: 'companyName', message: `too similar to ${describeDuplicates(matches)}` },
    ]);
  }
  if (matches.length && !DUPLICATE_OVERRIDE_ROLES.includes(principal.roleCode)) {
    throw invalid([
      { field: 'duplicateOverrideReason', message: 'your role may not override the duplicate-company rule' },
    ]);
  }
  return { name, overridden: matches.length > 0 };
}

// Creates a lead from a validated body: references, assignments, the duplicate rule, code, lines, activity.
export async function createLead(
  knex: Knex,
  trx: Knex.Transaction,
  principal: Principal,
  body: Record<string, any>,
  note: string,
): Promise<number> {
  const errors = [
    ...(await leadInputErrors(trx, body)),
    ...(await assignmentErrors(trx, body.assignments ?? [], body.serviceLineIds)),
  ];
  if (errors.length) throw invalid(errors);
  const { name, overridden } = await checkDuplicates(
    knex,
    trx,
    principal,
    body.companyName,
    body.duplicateOverrideReason,
  );
  const plan = planNewLeadLines(principal, body.serviceLineIds, body.assignments);
  const row = {
    ...leadColumns(body),
    company_name: body.companyName.toUpperCase(),
    owner_user_id: plan.mainSalesUserId,
    status_id: 1,
  };
  const lead = await insertLead(trx, row, name, principal.userId);
  await syncServiceLines(trx, lead.id, plan.lines, principal.userId);
  const assigned = plan.lines.some((l) => l.salesUserId !== null);
  const activity = await logSystemActivity(
    trx,
    { ...lead, branchId: body.branchId },
    'Leads',
    assigned ? `${note} with sales assignment` : note,
    principal.userId,
  );
  await notifyAssignmentChanges(
    trx,
    { ...lead, companyName: row.company_name },
    [],
    plan.lines,
    principal.userId,
    activity,
  );
  if (overridden)
    await recordAudit(trx, 'leads', lead.id, 'create', principal.userId, null, {
      duplicateOverrideReason: body.duplicateOverrideReason,
    });
  return lead.id;
}

async function readableLead(
  ctx: Parameters<RouteSpec['handler']>[0],
  leadId: number,
  action: 'read' | 'update' | 'delete' = 'read',
) {
  const principal = requirePrincipal(ctx);
  const lead = await findLead(ctx.deps.knex, leadId);
  return { principal, lead: requireRowAbility(principal, action, 'Lead', lead, `lead ${leadId}`) };
}

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

function sixMonthsAgo(): string {
  const today = new Date(`${jakartaDate(new Date())}T00:00:00Z`);
  today.setUTCMonth(today.getUTCMonth() - 6);
  return today.toISOString().slice(0, 10);
}

export function applyListFilters(q: Knex.QueryBuilder, query: Record<string, any>) {
  if (query.q) {
    const like = containing(query.q);
    q.where((w) =>
      w
        .whereILike('l.company_name', like)
        .orWhereILike('l.code', like)
        .orWhereILike('cu.full_name', like)
        .orWhereExists((sub) =>
          sub
            .from('lead_service_lines as sl')
            .join('service_lines as s', 's.id', 'sl.service_line_id')
            .whereRaw('sl.lead_id = l.id')
            .whereNull('sl.deleted_at')
            .whereILike('s.name', like),
        ),
    );
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

async function pagedLeads(q: Knex.QueryBuilder, knex: Knex, query: Record<string, any>) {
  const page = await paginate<{ id: number; mainSalesUserId: number | null }>(
    q.orderBy('l.lead_date', 'desc').orderBy('l.id', 'desc'),
    query.page,
    query.pageSize,
  );
  return { ...page, data: await withServiceLines(knex, page.data) };
}

// The lead lists differ only in which leads they narrow to and whether they default to the last six months.
function leadList(
  path: string,
  summary: string,
  action: 'read' | 'delete',
  narrow: (q: Knex.QueryBuilder) => Knex.QueryBuilder,
  recentByDefault: boolean,
): RouteSpec {
  return {
    method: 'get',
    path,
    summary,
    tag: 'leads',
    query: listQuery,
    async handler(ctx, { query }) {
      const principal = requirePrincipal(ctx);
      requireAbility(principal, action, 'Lead');
      const q = applyReadScope(narrow(leadQuery(ctx.deps.knex)), principal, 'Lead', 'l');
      return pagedLeads(
        applyListFilters(q, recentByDefault ? query : { ...query, dateFrom: query.dateFrom ?? '1900-01-01' }),
        ctx.deps.knex,
        query,
      );
    },
  };
}

export const leadRoutes: RouteSpec[] = [
  leadList(
    '/api/leads',
    'Leads in your scope (not customers): search, filter, newest first; the last six months unless searching or dated',
    'read',
    (q) => q.whereNull('l.deleted_at').whereNot('l.status_id', CUSTOMER_STATUS),
    true,
  ),
  leadList('/api/leads/deleted', 'Deleted leads in your scope', 'delete', (q) => q.whereNotNull('l.deleted_at'), false),
  leadList(
    '/api/leads/inactive',
    'Leads not yet activated, in your scope',
    'read',
    (q) => q.whereNull('l.deleted_at').where('l.is_active', false),
    false,
  ),
  {
    method: 'get',
    path: '/api/leads/for-quotation',
    summary: 'Parent leads in your scope that a new quotation may be made for',
    tag: 'leads',
    query: Joi.object({ q: Joi.string().trim().max(100) }),
    async handler(ctx, { query }) {
      const principal = requirePrincipal(ctx);
      requireAbility(principal, 'read', 'Lead');
      const q = applyReadScope(
        ctx.deps.knex('leads as l').whereNull('l.deleted_at').whereNull('l.parent_lead_id'),
        principal,
        'Lead',
        'l',
      )
        .select('l.id', 'l.code', 'l.company_name as companyName', 'l.branch_id as branchId')
        .orderBy('l.company_name')
        .limit(100);
      if (query.q) q.whereILike('l.company_name', containing(query.q));
      return { data: await q };
    },
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
      const principal = requirePrincipal(ctx);
      requireAbility(principal, 'create', 'Lead');
      const created = await ctx.deps.knex.transaction(async (trx) =>
        findLead(trx, await createLead(ctx.deps.knex, trx, principal, body, 'Lead created')),
      );
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
    async handler(ctx, { params }) {
      const { lead } = await readableLead(ctx, params.id);
      const knex = ctx.deps.knex;
      const group = await knex('company_group_members as m')
        .join('company_groups as g', 'g.id', 'm.group_id')
        .where('m.lead_id', lead.id)
        .first('g.id', 'g.name');
      const [{ n }] = await knex('leads').where({ parent_lead_id: lead.id }).whereNull('deleted_at').count({ n: '*' });
      return { ...lead, group: group ?? null, childCount: Number(n) };
    },
  },
  {
    method: 'put',
    path: '/api/leads/:id',
    summary: 'Replace a lead’s data and service lines (the duplicate rule excludes the lead itself)',
    tag: 'leads',
    params: idParams,
    body: leadBody.keys({ assignments: Joi.forbidden() }),
    async handler(ctx, { params, body }) {
      const { principal, lead } = await readableLead(ctx, params.id, 'update');
      return ctx.deps.knex.transaction(async (trx) => {
        const errors = await leadInputErrors(trx, body);
        if (errors.length) throw invalid(errors);
        const { name } = await checkDuplicates(
          ctx.deps.knex,
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
    },
  },
  {
    method: 'delete',
    path: '/api/leads/:id',
    summary: 'Delete a lead with its service lines (restorable)',
    tag: 'leads',
    params: idParams,
    async handler(ctx, { params }) {
      const { principal, lead } = await readableLead(ctx, params.id, 'delete');
      await ctx.deps.knex.transaction(async (trx) => {
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
    },
  },
  {
    method: 'post',
    path: '/api/leads/:id/restore',
    summary: 'Restore a deleted lead and the service lines deleted with it',
    tag: 'leads',
    params: idParams,
    body: Joi.object({ duplicateOverrideReason: Joi.string().trim().min(5).max(500) }),
    async handler(ctx, { params, body }) {
      const principal = requirePrincipal(ctx);
      const lead = requireRowAbility(
        principal,
        'delete',
        'Lead',
        await findLead(ctx.deps.knex, params.id, { deleted: true }),
        `deleted lead ${params.id}`,
      );
      return ctx.deps.knex.transaction(async (trx) => {
        await checkDuplicates(ctx.deps.knex, trx, principal, lead.companyName, body?.duplicateOverrideReason, lead.id);
        await trx('lead_service_lines')
          .where({ lead_id: lead.id, deleted_at: lead.deletedAt })
          .update({ deleted_at: null, deleted_by: null });
        await trx('leads')
          .where({ id: lead.id })
          .update({ deleted_at: null, deleted_by: null, updated_by: principal.userId, updated_at: trx.fn.now() });
        await recordAudit(trx, 'leads', lead.id, 'restore', principal.userId, null, null);
        return findLead(trx, lead.id);
      });
    },
  },
  {
    method: 'get',
    path: '/api/leads/:id/children',
    summary: 'Child leads of a lead',
    tag: 'leads',
    params: idParams,
    async handler(ctx, { params }) {
      const { lead } = await readableLead(ctx, params.id);
      const children = await leadQuery(ctx.deps.knex)
        .where('l.parent_lead_id', lead.id)
        .whereNull('l.deleted_at')
        .orderBy('l.id');
      return { parent: lead, data: await withServiceLines(ctx.deps.knex, children) };
    },
  },
  {
    method: 'post',
    path: '/api/leads/:id/children',
    summary: 'Create a child lead (a related company or branch of the customer), copying the parent’s data',
    tag: 'leads',
    status: 201,
    params: idParams,
    body: Joi.object({ companyName: leadFields.companyName }).required(),
    async handler(ctx, { params, body }) {
      const principal = requirePrincipal(ctx);
      requireAbility(principal, 'create', 'Lead');
      const { lead: parent } = await readableLead(ctx, params.id);
      if (parent.parentLeadId)
        throw invalid([{ field: 'id', message: 'a child lead cannot have children of its own' }]);
      return ctx.deps.knex.transaction(async (trx) => {
        // The duplicate rule does not apply: a child lead is the same customer by design (crm.md §1.4).
        const name = await comparableName(ctx.deps.knex, body.companyName);
        const copied = leadColumns(parent as unknown as Record<string, unknown>);
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
    },
  },
  {
    method: 'post',
    path: '/api/leads/:id/activate',
    summary: 'Mark a lead active',
    tag: 'leads',
    params: idParams,
    async handler(ctx, { params }) {
      const { principal, lead } = await readableLead(ctx, params.id, 'update');
      await ctx.deps
        .knex('leads')
        .where({ id: lead.id })
        .update({ is_active: true, updated_by: principal.userId, updated_at: ctx.deps.knex.fn.now() });
      return findLead(ctx.deps.knex, lead.id);
    },
  },
  {
    method: 'get',
    path: '/api/leads/:id/status-history',
    summary: 'Every status change of a lead, oldest first',
    tag: 'leads',
    params: idParams,
    async handler(ctx, { params }) {
      const { lead } = await readableLead(ctx, params.id);
      const data = await ctx.deps
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
    },
  },
];
