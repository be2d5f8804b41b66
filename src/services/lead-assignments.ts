// Who sells which service line of a lead (crm.md §1.5): summary, candidates, assign, remove.
import { isAssigningRole, unknownAssignedLines, type AssignmentInput, mainSalesAfter } from '../domain/lead-assignment';
import { forbidden, type FieldError, invalid } from '../errors';
import type { Knex } from 'knex';
import type { Principal } from '../auth/principal';
import { findLead, logSystemActivity, syncServiceLines } from '../db/leads';
import { requireRowAbility } from '../auth/guards';
import type { ServiceDeps, ServiceInput } from './deps';
import { notifyAssignmentChanges } from '../db/notifications';

export async function assigningLead(deps: ServiceDeps, principal: Principal, leadId: number) {
  const lead = requireRowAbility(principal, 'update', 'Lead', await findLead(deps.knex, leadId), `lead ${leadId}`);
  if (!isAssigningRole(principal.roleCode)) throw forbidden('your role may not assign salespeople');
  return { principal, lead };
}

export const linePlan = (lead: { serviceLines: Array<{ serviceLineId: number; salesUserId: number | null }> }) =>
  lead.serviceLines.map((l) => ({ serviceLineId: l.serviceLineId, salesUserId: l.salesUserId }));

export function assignedLineErrors(assignments: AssignmentInput[], leadLines: number[]): FieldError[] {
  return unknownAssignedLines(assignments, leadLines).map(({ index, serviceLineId }) => ({
    field: `assignments.${index}.serviceLineIds`,
    message: `service line ${serviceLineId} is not one of the lead's service lines`,
  }));
}

// Members of the sales teams of the lead's branch; a sales leader only offers his own team.
export async function candidates(knex: Knex, principal: Principal, branchId: number | null) {
  const q = knex('sales_team_members as m')
    .join('sales_teams as t', 't.id', 'm.team_id')
    .join('users as u', 'u.id', 'm.user_id')
    .where('u.is_active', true)
    .select('u.id as userId', 'u.full_name as fullName', 't.id as teamId', 't.name as teamName')
    .orderBy('u.full_name');
  if (branchId === null) q.whereNull('t.branch_id');
  else q.where('t.branch_id', branchId);
  if (principal.roleCode === 'sales_leader') q.where('t.leader_user_id', principal.userId);
  return q;
}

// GET /api/leads/:id/assignments
export async function getLeadsAssignments(deps: ServiceDeps, principal: Principal, { params }: ServiceInput) {
  const lead = requireRowAbility(principal, 'read', 'Lead', await findLead(deps.knex, params.id), `lead ${params.id}`);
  const bySales = new Map<
    number,
    { salesUserId: number; salesName: string | null; serviceLines: Array<{ id: number; name: string }> }
  >();
  const unassigned: Array<{ id: number; name: string }> = [];
  for (const line of lead.serviceLines) {
    const entry = { id: line.serviceLineId, name: line.serviceLineName };
    if (line.salesUserId === null) unassigned.push(entry);
    else {
      const group = bySales.get(line.salesUserId) ?? {
        salesUserId: line.salesUserId,
        salesName: line.salesName,
        serviceLines: [],
      };
      group.serviceLines.push(entry);
      bySales.set(line.salesUserId, group);
    }
  }
  return { mainSalesUserId: lead.mainSalesUserId, salespeople: [...bySales.values()], unassigned };
}

// GET /api/leads/:id/available-sales
export async function getLeadsAvailableSales(deps: ServiceDeps, principal: Principal, { params }: ServiceInput) {
  const { lead } = await assigningLead(deps, principal, params.id);
  return { data: await candidates(deps.knex, principal, lead.branchId) };
}

// PUT /api/leads/:id/assignments
export async function putLeadsAssignments(deps: ServiceDeps, principal: Principal, { params, body }: ServiceInput) {
  const { lead } = await assigningLead(deps, principal, params.id);
  const lines = lead.serviceLines.map((l) => l.serviceLineId);
  const allowed = await candidates(deps.knex, principal, lead.branchId);
  const errors = assignedLineErrors(body.assignments, lines);
  body.assignments.forEach((a: { salesUserId: number }, index: number) => {
    if (!allowed.some((c) => c.userId === a.salesUserId))
      errors.push({
        field: `assignments.${index}.salesUserId`,
        message: `user ${a.salesUserId} is not a salesperson you may assign to this lead`,
      });
  });
  if (errors.length) throw invalid(errors);
  return deps.knex.transaction(async (trx) => {
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
}

// DELETE /api/leads/:id/assignments
export async function deleteLeadsAssignments(deps: ServiceDeps, principal: Principal, { params, query }: ServiceInput) {
  const { lead } = await assigningLead(deps, principal, params.id);
  const lines = lead.serviceLines.map((l) => l.serviceLineId);
  const unknown = (query.serviceLineIds as number[]).filter((l) => !lines.includes(l));
  if (unknown.length)
    throw invalid([{ field: 'serviceLineIds', message: `service line(s) ${unknown.join(', ')} are not the lead's` }]);
  return deps.knex.transaction(async (trx) => {
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
}
