// Leads (domain/crm.md §1): create with the duplicate-company rule and sales assignment, list and read within
// the caller's scope, update, soft delete and restore, child leads, activation, status history.
import { leadFields } from '../../schemas/lead';
import Joi from 'joi';
import {
  comparableName,
  findLead,
  insertLead,
  leadQuery,
  logSystemActivity,
  syncServiceLines,
  withServiceLines,
} from '../../db/leads';
import { isSellingRole } from '../../domain/lead-assignment';
import { jakartaDate } from '../../domain/jakarta-time';
import { requireAbility, requireRowAbility } from '../../auth/guards';
import { idParams, pageQuery } from '../listing';
import { invalid } from '../problem';
import { recordAudit } from '../../db/audit';
import { requirePrincipal, type RouteSpec } from '../route';
import { calendarDate } from '../../schemas/fields';
import {
  checkDuplicates,
  createLead,
  getLeadsForQuotation,
  leadColumns,
  leadInputErrors,
  postLeadsRestore,
} from '../../services/leads';

const CHILD_LEAD_SOURCE = 8;

const id = Joi.number().integer().min(1);

const leadBody = Joi.object({
  ...leadFields,
  assignments: Joi.array()
    .items(Joi.object({ salesUserId: id.required(), serviceLineIds: Joi.array().items(id).min(1).unique().required() }))
    .max(10),
  duplicateOverrideReason: Joi.string().trim().min(5).max(500),
}).required();

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

import { listLeads, type LeadListKind } from '../../services/leads';

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
    handler: (ctx, input) => postLeadsRestore(ctx.deps, requirePrincipal(ctx), input),
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
