// Company groups (crm.md §3): related companies (leads) under one name; a lead is in at most one group (NEW:
// enforced by a unique index, also on bulk assignment). Read with the leads menu, changed with its edit flag.
import Joi from 'joi';
import { idParams, pageQuery } from '../listing';
import { requirePrincipal, type RouteSpec } from '../route';
import {
  deleteCompanyGroups,
  deleteCompanyGroupsCompanies,
  getCompanyGroups,
  getCompanyGroupsAvailableCompanies,
  getCompanyGroupsById,
  getCompanyGroupsRecommendations,
  getCompanyGroupsStatistics,
  patchCompanyGroups,
  postCompanyGroups,
  postCompanyGroupsBulkAssign,
  postCompanyGroupsBulkRemove,
} from '../../services/company-groups';

const id = Joi.number().integer().min(1);
const groupName = Joi.string().trim().min(3).max(100);
const keyword = Joi.string().trim().min(2).max(100);

export const companyGroupRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/company-groups',
    summary: 'Company groups with their company counts',
    tag: 'company groups',
    query: Joi.object({ ...pageQuery, q: Joi.string().trim().max(100) }),
    handler: (ctx, input) => getCompanyGroups(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'get',
    path: '/api/company-groups/statistics',
    summary: 'Groups, companies in and out of groups, the largest group and the five newest',
    tag: 'company groups',
    handler: (ctx) => getCompanyGroupsStatistics(ctx.deps, requirePrincipal(ctx)),
  },
  {
    method: 'get',
    path: '/api/company-groups/recommendations',
    summary: 'Companies in no group whose name matches a keyword',
    tag: 'company groups',
    query: Joi.object({ keyword: keyword.required() }),
    handler: (ctx, input) => getCompanyGroupsRecommendations(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'get',
    path: '/api/company-groups/:id',
    summary: 'A group with its companies, sorted by name',
    tag: 'company groups',
    params: idParams,
    handler: (ctx, input) => getCompanyGroupsById(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'get',
    path: '/api/company-groups/:id/available-companies',
    summary: 'Companies in no group, by name or city keyword',
    tag: 'company groups',
    params: idParams,
    query: Joi.object({ keyword: keyword.required() }),
    handler: (ctx, input) => getCompanyGroupsAvailableCompanies(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'post',
    path: '/api/company-groups',
    summary: 'Create a group, optionally with companies (reports those already grouped or unknown)',
    tag: 'company groups',
    status: 201,
    body: Joi.object({
      name: groupName.required(),
      leadIds: Joi.array().items(id).max(500).unique().default([]),
    }).required(),
    handler: (ctx, input) => postCompanyGroups(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'patch',
    path: '/api/company-groups/:id',
    summary: 'Rename a group',
    tag: 'company groups',
    params: idParams,
    body: Joi.object({ name: groupName.required() }).required(),
    handler: (ctx, input) => patchCompanyGroups(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'delete',
    path: '/api/company-groups/:id',
    summary: 'Delete a group (its companies become ungrouped)',
    tag: 'company groups',
    status: 204,
    params: idParams,
    handler: (ctx, input) => deleteCompanyGroups(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'post',
    path: '/api/company-groups/bulk-assign',
    summary: 'Add companies to several groups; companies already in a group are reported, not moved',
    tag: 'company groups',
    body: Joi.object({
      assignments: Joi.array()
        .items(
          Joi.object({ groupId: id.required(), leadIds: Joi.array().items(id).min(1).max(500).unique().required() }),
        )
        .min(1)
        .max(50)
        .required(),
    }).required(),
    handler: (ctx, input) => postCompanyGroupsBulkAssign(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'post',
    path: '/api/company-groups/bulk-remove',
    summary: 'Take companies out of whatever group they are in',
    tag: 'company groups',
    body: Joi.object({ leadIds: Joi.array().items(id).min(1).max(500).unique().required() }).required(),
    handler: (ctx, input) => postCompanyGroupsBulkRemove(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'delete',
    path: '/api/company-groups/:id/companies/:leadId',
    summary: 'Take one company out of a group',
    tag: 'company groups',
    status: 204,
    params: Joi.object({ id: id.required(), leadId: id.required() }),
    handler: (ctx, input) => deleteCompanyGroupsCompanies(ctx.deps, requirePrincipal(ctx), input),
  },
];
