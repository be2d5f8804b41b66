// Who sells which service line of a lead (crm.md §1.5): summary, candidates, assign, remove.
import Joi from 'joi';
import { idParams } from '../listing';
import { requirePrincipal, type RouteSpec } from '../route';
import {
  getLeadsAssignments,
  deleteLeadsAssignments,
  getLeadsAvailableSales,
  putLeadsAssignments,
} from '../../services/lead-assignments';

const id = Joi.number().integer().min(1);

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
    handler: (ctx, input) => getLeadsAvailableSales(ctx.deps, requirePrincipal(ctx), input),
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
    handler: (ctx, input) => putLeadsAssignments(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'delete',
    path: '/api/leads/:id/assignments',
    summary: 'Unassign the salespeople of some service lines; logs an "Assignment Removal" activity',
    tag: 'leads',
    params: idParams,
    query: Joi.object({ serviceLineIds: Joi.array().items(id).single().min(1).required() }),
    handler: (ctx, input) => deleteLeadsAssignments(ctx.deps, requirePrincipal(ctx), input),
  },
];
