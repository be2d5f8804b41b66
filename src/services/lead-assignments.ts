// Who sells which service line of a lead (crm.md §1.5): summary, candidates, assign, remove.
import type { Knex } from 'knex';
import type { Principal } from '../auth/principal';
import { findLead } from '../db/leads';
import { unknownAssignedLines, type AssignmentInput } from '../domain/lead-assignment';
import { requireRowAbility } from '../auth/guards';
import { type FieldError } from '../errors';
import type { ServiceDeps, ServiceInput } from './deps';

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
