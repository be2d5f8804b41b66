// Sales teams (crm.md §4): a branch's teams, their members (one team per user) and one leader each.
// Managed under the "Users & role access" menu; the leader's team defines "team" data scope.
import type { Knex } from 'knex';
import { SELLING_ROLES, isSellingRole } from '../domain/lead-assignment';
import { requireAbility } from '../auth/guards';
import { containing, paginate } from '../db/listing';
import { conflict, invalid, notFound } from '../errors';
import { isUniqueViolation, requireReference } from '../db/references';
import { recordAudit } from '../db/audit';
import type { ServiceDeps, ServiceInput } from './deps';
import type { Principal } from '../auth/principal';

export const TEAM_COLUMNS = [
  't.id',
  't.name',
  't.branch_id as branchId',
  'b.name as branchName',
  't.leader_user_id as leaderUserId',
  'lu.full_name as leaderName',
  't.created_at as createdAt',
  't.updated_at as updatedAt',
];

export function teams(knex: Knex | Knex.Transaction) {
  return knex('sales_teams as t')
    .leftJoin('branches as b', 'b.id', 't.branch_id')
    .leftJoin('users as lu', 'lu.id', 't.leader_user_id')
    .select(TEAM_COLUMNS);
}

export async function team(knex: Knex | Knex.Transaction, teamId: number) {
  const row = await teams(knex).where('t.id', teamId).first();
  if (!row) throw notFound(`sales team ${teamId}`);
  return row;
}

export function members(knex: Knex | Knex.Transaction, teamId: number) {
  return knex('sales_team_members as m')
    .join('users as u', 'u.id', 'm.user_id')
    .join('sales_teams as t', 't.id', 'm.team_id')
    .where('m.team_id', teamId)
    .orderBy('u.full_name')
    .select(
      'u.id as userId',
      'u.full_name as fullName',
      'u.username',
      'u.is_active as isActive',
      knex.raw('(t.leader_user_id = u.id) as "isLeader"'),
      'm.created_at as joinedAt',
    );
}

// Why a user cannot join `teamRow`, or null.
export async function membershipProblem(
  knex: Knex | Knex.Transaction,
  teamRow: { id: number; branchId: number | null },
  userId: number,
): Promise<string | null> {
  const user = await knex('users as u')
    .join('roles as r', 'r.id', 'u.role_id')
    .where('u.id', userId)
    .first('u.is_active', 'u.branch_id', 'r.code');
  if (!user) return `user ${userId} does not exist`;
  if (!user.is_active) return `user ${userId} is not active`;
  if (!isSellingRole(user.code)) return `user ${userId} does not have a sales role`;
  if (user.branch_id !== teamRow.branchId) return `user ${userId} is not in the team's branch`;
  const current = await knex('sales_team_members').where({ user_id: userId }).first('team_id');
  if (current?.team_id === teamRow.id) return `user ${userId} is already in this team`;
  if (current) return `user ${userId} is already in team ${current.team_id}`;
  return null;
}

export function uniqueTeamName(error: unknown): never {
  if (isUniqueViolation(error, 'sales_teams_name_branch'))
    throw conflict('the branch already has a team with this name', [
      { field: 'name', message: 'name already in use in this branch' },
    ]);
  throw error;
}

// GET /api/sales-teams
export async function getSalesTeams(deps: ServiceDeps, principal: Principal, { query }: ServiceInput) {
  requireAbility(principal, 'read', 'SalesTeam');
  const knex = deps.knex;
  const q = teams(knex)
    .select(knex('sales_team_members as m').whereRaw('m.team_id = t.id').count('*').as('memberCount'))
    .orderBy('t.name');
  if (query.branchId) q.where('t.branch_id', query.branchId);
  if (query.q) q.whereILike('t.name', containing(query.q));
  const page = await paginate<{ memberCount: string }>(q, query.page, query.pageSize);
  return { ...page, data: page.data.map((t) => ({ ...t, memberCount: Number(t.memberCount) })) };
}

// GET /api/sales-teams/statistics
export async function getSalesTeamsStatistics(deps: ServiceDeps, principal: Principal) {
  requireAbility(principal, 'read', 'SalesTeam');
  const knex = deps.knex;
  const [{ teams: teamCount, leaders }] = await knex('sales_teams').select(
    knex.raw('count(*)::int as teams'),
    knex.raw('count(leader_user_id)::int as leaders'),
  );
  const [{ members: memberCount }] = await knex('sales_team_members').select(knex.raw('count(*)::int as members'));
  const perBranch = await knex('sales_teams as t')
    .leftJoin('branches as b', 'b.id', 't.branch_id')
    .groupBy('t.branch_id', 'b.name')
    .orderBy('b.name')
    .select('t.branch_id as branchId', 'b.name as branchName', knex.raw('count(*)::int as teams'));
  const average = teamCount ? Math.round((memberCount / teamCount) * 100) / 100 : 0;
  return { teams: teamCount, members: memberCount, leaders, averageMembersPerTeam: average, perBranch };
}

// GET /api/sales-teams/:id
export async function getSalesTeamsById(deps: ServiceDeps, principal: Principal, { params }: ServiceInput) {
  requireAbility(principal, 'read', 'SalesTeam');
  return { ...(await team(deps.knex, params.id)), members: await members(deps.knex, params.id) };
}

// POST /api/sales-teams
export async function postSalesTeams(deps: ServiceDeps, principal: Principal, { body }: ServiceInput) {
  requireAbility(principal, 'create', 'SalesTeam');
  try {
    return await deps.knex.transaction(async (trx) => {
      await requireReference(trx, 'branches', body.branchId, 'branchId');
      const [{ id: teamId }] = await trx('sales_teams')
        .insert({
          name: body.name,
          branch_id: body.branchId,
          created_by: principal.userId,
          updated_by: principal.userId,
        })
        .returning('id');
      const created = await team(trx, teamId);
      await recordAudit(trx, 'sales_teams', teamId, 'create', principal.userId, null, created);
      return created;
    });
  } catch (error) {
    uniqueTeamName(error);
  }
}

// PATCH /api/sales-teams/:id
export async function patchSalesTeams(deps: ServiceDeps, principal: Principal, { params, body }: ServiceInput) {
  requireAbility(principal, 'update', 'SalesTeam');
  try {
    return await deps.knex.transaction(async (trx) => {
      const before = await team(trx, params.id);
      if (body.branchId !== undefined && body.branchId !== before.branchId) {
        await requireReference(trx, 'branches', body.branchId, 'branchId');
        // Members belong to the branch; moving a staffed team would leave them in the wrong one.
        if ((await members(trx, params.id)).length)
          throw conflict('a team with members cannot change branch', [
            { field: 'branchId', message: 'remove the members first' },
          ]);
      }
      const change: Record<string, unknown> = { updated_by: principal.userId, updated_at: trx.fn.now() };
      if (body.name !== undefined) change.name = body.name;
      if (body.branchId !== undefined) change.branch_id = body.branchId;
      await trx('sales_teams').where({ id: params.id }).update(change);
      const after = await team(trx, params.id);
      await recordAudit(trx, 'sales_teams', params.id, 'update', principal.userId, before, after);
      return after;
    });
  } catch (error) {
    uniqueTeamName(error);
  }
}

// DELETE /api/sales-teams/:id
export async function deleteSalesTeams(deps: ServiceDeps, principal: Principal, { params }: ServiceInput) {
  requireAbility(principal, 'delete', 'SalesTeam');
  await deps.knex.transaction(async (trx) => {
    const before = await team(trx, params.id);
    await trx('sales_teams').where({ id: params.id }).delete();
    await recordAudit(trx, 'sales_teams', params.id, 'delete', principal.userId, before, null);
  });
  return undefined;
}

// GET /api/sales-teams/:id/available-users
export async function getSalesTeamsAvailableUsers(deps: ServiceDeps, principal: Principal, { params }: ServiceInput) {
  requireAbility(principal, 'read', 'SalesTeam');
  const knex = deps.knex;
  const row = await team(knex, params.id);
  const q = knex('users as u')
    .join('roles as r', 'r.id', 'u.role_id')
    .where('u.is_active', true)
    .whereIn('r.code', SELLING_ROLES)
    .whereNotExists((sub) => sub.from('sales_team_members as m').whereRaw('m.user_id = u.id'))
    .select('u.id as userId', 'u.full_name as fullName', 'r.code as roleCode')
    .orderBy('u.full_name');
  if (row.branchId === null) q.whereNull('u.branch_id');
  else q.where('u.branch_id', row.branchId);
  return { data: await q };
}

// POST /api/sales-teams/:id/members
export async function postSalesTeamsMembers(deps: ServiceDeps, principal: Principal, { params, body }: ServiceInput) {
  requireAbility(principal, 'update', 'SalesTeam');
  return deps.knex.transaction(async (trx) => {
    const row = await team(trx, params.id);
    const problem = await membershipProblem(trx, row, body.userId);
    if (problem?.includes('already')) throw conflict(problem, [{ field: 'userId', message: problem }]);
    if (problem) throw invalid([{ field: 'userId', message: problem }]);
    await trx('sales_team_members').insert({ team_id: row.id, user_id: body.userId });
    await recordAudit(trx, 'sales_team_members', `${row.id}:${body.userId}`, 'create', principal.userId, null, {
      teamId: row.id,
      userId: body.userId,
    });
    return { ...row, members: await members(trx, row.id) };
  });
}

// POST /api/sales-teams/:id/members/bulk
export async function postSalesTeamsMembersBulk(
  deps: ServiceDeps,
  principal: Principal,
  { params, body }: ServiceInput,
) {
  requireAbility(principal, 'update', 'SalesTeam');
  return deps.knex.transaction(async (trx) => {
    const row = await team(trx, params.id);
    const added: number[] = [];
    const skipped: Array<{ userId: number; reason: string }> = [];
    for (const userId of body.userIds as number[]) {
      const problem = await membershipProblem(trx, row, userId);
      if (problem) skipped.push({ userId, reason: problem });
      else {
        await trx('sales_team_members').insert({ team_id: row.id, user_id: userId });
        await recordAudit(trx, 'sales_team_members', `${row.id}:${userId}`, 'create', principal.userId, null, {
          teamId: row.id,
          userId,
        });
        added.push(userId);
      }
    }
    return { added, skipped };
  });
}

// DELETE /api/sales-teams/:id/members/:userId
export async function deleteSalesTeamsMembers(deps: ServiceDeps, principal: Principal, { params }: ServiceInput) {
  requireAbility(principal, 'update', 'SalesTeam');
  await deps.knex.transaction(async (trx) => {
    await team(trx, params.id);
    const removed = await trx('sales_team_members').where({ team_id: params.id, user_id: params.userId }).delete();
    if (!removed) throw notFound(`member ${params.userId} of team ${params.id}`);
    await trx('sales_teams').where({ id: params.id, leader_user_id: params.userId }).update({ leader_user_id: null });
    await recordAudit(
      trx,
      'sales_team_members',
      `${params.id}:${params.userId}`,
      'delete',
      principal.userId,
      { teamId: params.id, userId: params.userId },
      null,
    );
  });
  return undefined;
}

// PUT /api/sales-teams/:id/leader
export async function putSalesTeamsLeader(deps: ServiceDeps, principal: Principal, { params, body }: ServiceInput) {
  requireAbility(principal, 'update', 'SalesTeam');
  return deps.knex.transaction(async (trx) => {
    const before = await team(trx, params.id);
    const member = await trx('sales_team_members').where({ team_id: params.id, user_id: body.userId }).first();
    if (!member) throw invalid([{ field: 'userId', message: `user ${body.userId} is not a member of this team` }]);
    await trx('sales_teams')
      .where({ id: params.id })
      .update({ leader_user_id: body.userId, updated_by: principal.userId, updated_at: trx.fn.now() });
    const after = await team(trx, params.id);
    await recordAudit(trx, 'sales_teams', params.id, 'update', principal.userId, before, after);
    return { ...after, members: await members(trx, params.id) };
  });
}
