// Sales teams (crm.md §4): a branch's teams, their members (one team per user) and one leader each.
// Managed under the "Users & role access" menu; the leader's team defines "team" data scope.
import Joi from 'joi';
import { idParams, pageQuery } from '../listing';
import { requirePrincipal, type RouteSpec } from '../route';
import {
  deleteSalesTeams,
  deleteSalesTeamsMembers,
  getSalesTeams,
  getSalesTeamsAvailableUsers,
  getSalesTeamsById,
  getSalesTeamsStatistics,
  patchSalesTeams,
  postSalesTeams,
  postSalesTeamsMembers,
  postSalesTeamsMembersBulk,
  putSalesTeamsLeader,
} from '../../services/sales-teams';

const id = Joi.number().integer().min(1);

export const salesTeamRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/sales-teams',
    summary: 'Sales teams with member counts',
    tag: 'sales teams',
    query: Joi.object({ ...pageQuery, branchId: id, q: Joi.string().trim().max(100) }),
    handler: (ctx, input) => getSalesTeams(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'get',
    path: '/api/sales-teams/statistics',
    summary: 'Totals: teams, members, leaders, average team size, teams per branch',
    tag: 'sales teams',
    handler: (ctx) => getSalesTeamsStatistics(ctx.deps, requirePrincipal(ctx)),
  },
  {
    method: 'get',
    path: '/api/sales-teams/:id',
    summary: 'A sales team with its members',
    tag: 'sales teams',
    params: idParams,
    handler: (ctx, input) => getSalesTeamsById(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'post',
    path: '/api/sales-teams',
    summary: 'Create a sales team in a branch',
    tag: 'sales teams',
    status: 201,
    body: Joi.object({ name: Joi.string().trim().min(1).max(100).required(), branchId: id.required() }).required(),
    handler: (ctx, input) => postSalesTeams(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'patch',
    path: '/api/sales-teams/:id',
    summary: 'Rename a team or move it to another branch (only while it has no members)',
    tag: 'sales teams',
    params: idParams,
    body: Joi.object({ name: Joi.string().trim().min(1).max(100), branchId: id })
      .min(1)
      .required(),
    handler: (ctx, input) => patchSalesTeams(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'delete',
    path: '/api/sales-teams/:id',
    summary: 'Delete a team and its memberships',
    tag: 'sales teams',
    status: 204,
    params: idParams,
    handler: (ctx, input) => deleteSalesTeams(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'get',
    path: '/api/sales-teams/:id/available-users',
    summary: 'Active salespeople of the team’s branch who are in no team yet',
    tag: 'sales teams',
    params: idParams,
    handler: (ctx, input) => getSalesTeamsAvailableUsers(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'post',
    path: '/api/sales-teams/:id/members',
    summary: 'Add one salesperson of the team’s branch (409 when already in a team)',
    tag: 'sales teams',
    status: 201,
    params: idParams,
    body: Joi.object({ userId: id.required() }).required(),
    handler: (ctx, input) => postSalesTeamsMembers(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'post',
    path: '/api/sales-teams/:id/members/bulk',
    summary: 'Add several salespeople; reports who was added and why others were skipped',
    tag: 'sales teams',
    params: idParams,
    body: Joi.object({ userIds: Joi.array().items(id).min(1).max(100).unique().required() }).required(),
    handler: (ctx, input) => postSalesTeamsMembersBulk(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'delete',
    path: '/api/sales-teams/:id/members/:userId',
    summary: 'Remove a member (a leader who leaves stops leading)',
    tag: 'sales teams',
    status: 204,
    params: Joi.object({ id: id.required(), userId: id.required() }),
    handler: (ctx, input) => deleteSalesTeamsMembers(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'put',
    path: '/api/sales-teams/:id/leader',
    summary: 'Make a member the team’s single leader',
    tag: 'sales teams',
    params: idParams,
    body: Joi.object({ userId: id.required() }).required(),
    handler: (ctx, input) => putSalesTeamsLeader(ctx.deps, requirePrincipal(ctx), input),
  },
];
