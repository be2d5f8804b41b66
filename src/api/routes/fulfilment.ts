// Fulfilment of active contracts (domain/contracts.md §11): item deliveries in two stages (dispatch, then receipt)
// with batches and a log, corrections, and the fulfilment dashboard (visits: ./visits.ts). Readable by whoever follows
// the contract (src/services/contract-access.ts).
// These are operational records, not the contract's lifecycle: they change under row locks, not through its run.
import Joi from 'joi';
import { idParams, pageQuery } from '../listing';
import { requirePrincipal, type RouteSpec } from '../route';
import {
  getFulfilmentDashboard,
  getPksFulfilment,
  patchPksFulfilmentLines,
  postPksFulfilmentDispatches,
  postPksFulfilmentReceipts,
  getPksFulfilmentLog,
} from '../../services/fulfilment';

const id = Joi.number().integer().min(1);
const lines = Joi.array()
  .items(Joi.object({ lineId: id.required(), quantity: Joi.number().integer().min(1).max(1_000_000).required() }))
  .min(1)
  .max(200)
  .unique((a, b) => a.lineId === b.lineId)
  .required();

export const fulfilmentRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/fulfilment/dashboard',
    summary:
      'Active contracts in your scope with their item and visit recap and whether they are complete; totals over all of them',
    tag: 'fulfilment',
    query: Joi.object({ ...pageQuery, branchId: id, incomplete: Joi.boolean() }),
    handler: (ctx, input) => getFulfilmentDashboard(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'get',
    path: '/api/pks/:id/fulfilment',
    summary:
      'What the contract must deliver per site and how far it is, its visit targets, schedule (missed ones flagged) and visits',
    tag: 'fulfilment',
    params: idParams,
    handler: (ctx, input) => getPksFulfilment(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'post',
    path: '/api/pks/:id/fulfilment/dispatches',
    summary:
      'Dispatch items to sites (all lines or none): each quantity at most what is neither received nor on its way',
    tag: 'fulfilment',
    status: 201,
    params: idParams,
    body: Joi.object({ lines, note: Joi.string().trim().max(1000).allow('') }).required(),
    handler: (ctx, input) => postPksFulfilmentDispatches(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'post',
    path: '/api/pks/:id/fulfilment/receipts',
    summary:
      'Record items received at sites: closes open dispatches oldest first (optionally of one dispatch batch); a partly received dispatch is short',
    tag: 'fulfilment',
    status: 201,
    params: idParams,
    body: Joi.object({
      lines,
      dispatchBatchId: Joi.string().guid(),
      note: Joi.string().trim().max(1000).allow(''),
    }).required(),
    handler: (ctx, input) => postPksFulfilmentReceipts(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'patch',
    path: '/api/pks/:id/fulfilment/lines/:lineId',
    summary: 'Correct a line’s required or received quantity (with a note); what is on its way stays as it is',
    tag: 'fulfilment',
    params: Joi.object({ id: id.required(), lineId: id.required() }),
    body: Joi.object({
      required: Joi.number().integer().min(0),
      received: Joi.number().integer().min(0),
      note: Joi.string().trim().min(1).max(1000).required(),
    })
      .or('required', 'received')
      .required(),
    handler: (ctx, input) => patchPksFulfilmentLines(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'get',
    path: '/api/pks/:id/fulfilment/log',
    summary: 'Every dispatch, receipt and correction of the contract, newest batch first (filter by batch or line)',
    tag: 'fulfilment',
    params: idParams,
    query: Joi.object({ ...pageQuery, batchId: Joi.string().guid(), lineId: id }),
    handler: (ctx, input) => getPksFulfilmentLog(ctx.deps, requirePrincipal(ctx), input),
  },
];
