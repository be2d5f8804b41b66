// Customers (crm.md §2): leads that became customers (status 102, set when a contract is activated), and the
// RO / CRM officers responsible for a lead.
import Joi from 'joi';
import { idParams, pageQuery } from '../listing';
import { requirePrincipal, type RouteSpec } from '../route';
import { getCustomers, getCustomersById, putLeadsOfficers } from '../../services/customers';

const TEAM_SIZE = { ro: 3, crm: 2 } as const;
const id = Joi.number().integer().min(1);

const officerBody = (kind: 'ro' | 'crm') =>
  Joi.object({ userId: id.required(), teamUserIds: Joi.array().items(id).max(TEAM_SIZE[kind]).unique().default([]) });

export const customerRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/customers',
    summary: 'Customers in your scope (leads with an activated contract)',
    tag: 'customers',
    query: Joi.object({
      ...pageQuery,
      pageSize: Joi.number().integer().min(1).max(100).default(15),
      q: Joi.string().trim().max(100),
      branchId: id,
    }),
    handler: (ctx, input) => getCustomers(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'get',
    path: '/api/customers/:id',
    summary: 'A customer with its service lines, officers and five latest activities',
    tag: 'customers',
    params: idParams,
    handler: (ctx, input) => getCustomersById(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'put',
    path: '/api/leads/:id/officers',
    summary: 'Choose a lead’s RO and/or CRM officer (with a small team each); logs "Pilih RO" / "Pilih CRM"',
    tag: 'customers',
    params: idParams,
    body: Joi.object({ ro: officerBody('ro'), crm: officerBody('crm'), note: Joi.string().trim().max(500).allow('') })
      .or('ro', 'crm')
      .required(),
    handler: (ctx, input) => putLeadsOfficers(ctx.deps, requirePrincipal(ctx), input),
  },
];
