// Who sells which service line of a lead (crm.md §1.5): summary, candidates, assign, remove.
import Joi from 'joi';
import { findLead, logSystemActivity, syncServiceLines } from '../../db/leads';
import { notifyAssignmentChanges } from '../../db/notifications';
import { isAssigningRole, mainSalesAfter } from '../../domain/lead-assignment';
import { requireRowAbility } from '../../auth/guards';
import { idParams } from '../listing';
import { forbidden, invalid } from '../problem';
import { requirePrincipal, type RouteSpec } from '../route';
import { assignedLineErrors, candidates, getLeadsAssignments } from '../../services/lead-assignments';

const linePlan = (lead: { serviceLines: Array<{ serviceLineId: number; salesUserId: number | null }> }) =>
  lead.serviceLines.map((l) => ({ serviceLineId: l.serviceLineId, salesUserId: l.salesUserId }));

const id = Joi.number().integer().min(1);

async function assigningLead(ctx: Parameters<RouteSpec['handler']>[0], leadId: number) {
  const principal = requirePrincipal(ctx);
  const lead = requireRowAbility(principal, 'update', 'Lead', await findLead(ctx.deps.knex, leadId), `lead ${leadId}`);
  if (!isAssigningRole(principal.roleCode)) throw forbidden('your role may not assign salespeople');
  return { principal, lead };
}

export const leadAssignmentRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/leads/:id/assignments',
    summary: 'Service lines of a lead grouped by salesperson, plus those not assigned',
    tag: 'leads',
    params: idParams,
    handler: (ctx, input) => getLeadsAssignments(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'get',
    path: '/api/leads/:id/available-sales',
    summary: 'Salespeople who may be assigned to this lead (team members of its branch)',
    tag: 'leads',
    params: idParams,
    async handler(ctx, { params }) {
      const { principal, lead } = await assigningLead(ctx, params.id);
      return { data: await candidates(ctx.deps.knex, principal, lead.branchId) };
    },
  },
  {
    method: 'put',
    path: '/api/leads/:id/assignments',
    summary: 'Assign salespeople to service lines (one salesperson per line); logs an "Assignment" activity',
    tag: 'leads',
    params: idParams,
    body: Joi.object({
      assignments: Joi.array()
        .items(
          Joi.object({ salesUserId: id.required(), serviceLineIds: Joi.array().items(id).min(1).unique().required() }),
        )
        .min(1)
        .max(10)
        .required(),
    }).required(),
    async handler(ctx, { params, body }) {
      const { principal, lead } = await assigningLead(ctx, params.id);
      const lines = lead.serviceLines.map((l) => l.serviceLineId);
      const allowed = await candidates(ctx.deps.knex, principal, lead.branchId);
      const errors = assignedLineErrors(body.assignments, lines);
      body.assignments.forEach((a: { salesUserId: number }, index: number) => {
        if (!allowed.some((c) => c.userId === a.salesUserId))
          errors.push({
            field: `assignments.${index}.salesUserId`,
            message: `user ${a.salesUserId} is not a salesperson you may assign to this lead`,
          });
      });
      if (errors.length) throw invalid(errors);
      return ctx.deps.knex.transaction(async (trx) => {
        const assignedTo = new Map<number, number>();
        for (const a of body.assignments) for (const line of a.serviceLineIds) assignedTo.set(line, a.salesUserId);
        const plan = lead.serviceLines.map((l) => ({
          serviceLineId: l.serviceLineId,
          salesUserId: assignedTo.get(l.serviceLineId) ?? l.salesUserId,
        }));
        await syncServiceLines(trx, lead.id, plan, principal.userId);
        await trx('leads')
          .where({ id: lead.id })
          .update({
            owner_user_id: mainSalesAfter(lead.mainSalesUserId, plan),
            updated_by: principal.userId,
            updated_at: trx.fn.now(),
          });
        const names = new Map(allowed.map((c) => [c.userId, c.fullName]));
        const lineNames = new Map(lead.serviceLines.map((l) => [l.serviceLineId, l.serviceLineName]));
        const note = body.assignments
          .map(
            (a: { salesUserId: number; serviceLineIds: number[] }) =>
              `${names.get(a.salesUserId)} (${a.serviceLineIds.map((l) => lineNames.get(l)).join(', ')})`,
          )
          .join('; ');
        const activity = await logSystemActivity(trx, lead, 'Assignment', `Assigned ${note}`, principal.userId);
        await notifyAssignmentChanges(trx, lead, linePlan(lead), plan, principal.userId, activity);
        return findLead(trx, lead.id);
      });
    },
  },
  {
    method: 'delete',
    path: '/api/leads/:id/assignments',
    summary: 'Unassign the salespeople of some service lines; logs an "Assignment Removal" activity',
    tag: 'leads',
    params: idParams,
    query: Joi.object({ serviceLineIds: Joi.array().items(id).single().min(1).required() }),
    async handler(ctx, { params, query }) {
      const { principal, lead } = await assigningLead(ctx, params.id);
      const lines = lead.serviceLines.map((l) => l.serviceLineId);
      const unknown = (query.serviceLineIds as number[]).filter((l) => !lines.includes(l));
      if (unknown.length)
        throw invalid([
          { field: 'serviceLineIds', message: `service line(s) ${unknown.join(', ')} are not the lead's` },
        ]);
      return ctx.deps.knex.transaction(async (trx) => {
        const plan = lead.serviceLines.map((l) => ({
          serviceLineId: l.serviceLineId,
          salesUserId: query.serviceLineIds.includes(l.serviceLineId) ? null : l.salesUserId,
        }));
        await syncServiceLines(trx, lead.id, plan, principal.userId);
        await trx('leads')
          .where({ id: lead.id })
          .update({
            owner_user_id: mainSalesAfter(lead.mainSalesUserId, plan),
            updated_by: principal.userId,
            updated_at: trx.fn.now(),
          });
        const removed = lead.serviceLines
          .filter((l) => query.serviceLineIds.includes(l.serviceLineId))
          .map((l) => l.serviceLineName);
        const activity = await logSystemActivity(
          trx,
          lead,
          'Assignment Removal',
          `Unassigned ${removed.join(', ')}`,
          principal.userId,
        );
        await notifyAssignmentChanges(trx, lead, linePlan(lead), plan, principal.userId, activity);
        return findLead(trx, lead.id);
      });
    },
  },
];
