// The site list (crm.md §2): every site the quotations of leads in the caller's scope price, with where it is, who
// priced it and how far it went — ordered in an SPK, placed under a contract. Sites live in the quotations' step-3
// documents, so the list unfolds them in SQL rather than copying them into a table of their own.
import Joi from 'joi';
import { requirePrincipal, type RouteSpec } from '../route';
import { listQuery } from './leads';
import { getSites } from '../../services/sites';

const id = Joi.number().integer().min(1);

export const siteRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/sites',
    summary:
      'Sites priced by the quotations of leads in your scope, with their place, creator and whether an SPK or a contract holds them',
    tag: 'customers',
    // The lead list's filters (without its six-month default), and the site's own.
    query: listQuery.keys({ leadId: id, hasSpk: Joi.boolean(), hasContract: Joi.boolean() }),
    handler: (ctx, input) => getSites(ctx.deps, requirePrincipal(ctx), input),
  },
];
