// Fulfilment of active contracts (domain/contracts.md §11): item deliveries in two stages (dispatch, then receipt)
// with batches and a log, corrections, and the fulfilment dashboard (visits: ./visits.ts). Readable by whoever follows
// the contract (src/services/contract-access.ts).
// These are operational records, not the contract's lifecycle: they change under row locks, not through its run.
import Joi from 'joi';
import type { Principal } from '../../auth/principal';
import { allocateReceipt, dispatchable, ITEM_ROLES } from '../../domain/fulfilment';
import type { PksRecord } from '../../../workflows/pks-contract';
import { contractOf } from '../../services/contract-access';
import type { ApiContext } from '../context';
import { idParams, pageQuery } from '../listing';
import { paginate } from '../../db/listing';
import { conflict, forbidden, invalid, notFound, type FieldError } from '../problem';
import { requirePrincipal, type RouteSpec } from '../route';
import {
  getFulfilmentDashboard,
  getPksFulfilment,
  itemLines,
  lockLines,
  newBatch,
  writeLine,
} from '../../services/fulfilment';
import { quantities } from '../../services/fulfilment';

const id = Joi.number().integer().min(1);
const lines = Joi.array()
  .items(Joi.object({ lineId: id.required(), quantity: Joi.number().integer().min(1).max(1_000_000).required() }))
  .min(1)
  .max(200)
  .unique((a, b) => a.lineId === b.lineId)
  .required();

export async function activeContractOf(
  ctx: ApiContext,
  principal: Principal,
  pksId: number,
  roles: string[],
  what: string,
): Promise<PksRecord> {
  const pks = await contractOf(ctx.deps, principal, pksId);
  if (!roles.includes(principal.roleCode)) throw forbidden(`${what} is for roles ${roles.join(', ')}`);
  if (pks.status !== 'active') throw conflict(`PKS is ${pks.status}; only an active contract is fulfilled`);
  return pks;
}

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
    async handler(ctx, { params, body }) {
      const principal = requirePrincipal(ctx);
      const pks = await activeContractOf(ctx, principal, params.id, ITEM_ROLES, 'dispatching items');
      return ctx.deps.knex.transaction(async (trx) => {
        const locked = await lockLines(trx, pks.id, body.lines);
        const errors: FieldError[] = [];
        body.lines.forEach((l: { lineId: number; quantity: number }, i: number) => {
          const open = dispatchable(quantities(locked.get(l.lineId)!));
          if (l.quantity > open)
            errors.push({ field: `lines.${i}.quantity`, message: `at most ${open} may still be dispatched` });
        });
        if (errors.length) throw invalid(errors);
        const batch = await newBatch(trx, pks.id, 'dispatch', body.note, principal.userId);
        for (const l of body.lines as Array<{ lineId: number; quantity: number }>) {
          const before = locked.get(l.lineId)!;
          await trx('pks_item_requests').insert({ fulfilment_id: l.lineId, batch_id: batch.id, quantity: l.quantity });
          await writeLine(
            trx,
            before,
            { ...quantities(before), inTransit: before.qty_in_transit + l.quantity },
            { batchId: batch.id, action: 'dispatch', quantity: l.quantity, userId: principal.userId },
          );
        }
        return {
          batchId: batch.id,
          sequence: batch.sequence,
          lines: await itemLines(trx, pks.id).whereIn(
            'f.id',
            body.lines.map((l: { lineId: number }) => l.lineId),
          ),
        };
      });
    },
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
    async handler(ctx, { params, body }) {
      const principal = requirePrincipal(ctx);
      const pks = await activeContractOf(ctx, principal, params.id, ITEM_ROLES, 'receiving items');
      return ctx.deps.knex.transaction(async (trx) => {
        const locked = await lockLines(trx, pks.id, body.lines);
        const errors: FieldError[] = [];
        const plans = [];
        for (const [i, l] of (body.lines as Array<{ lineId: number; quantity: number }>).entries()) {
          const line = locked.get(l.lineId)!;
          const open = trx('pks_item_requests')
            .where({ fulfilment_id: l.lineId, status: 'open' })
            .orderBy('id')
            .forUpdate()
            .select('id', 'quantity');
          if (body.dispatchBatchId) open.where({ batch_id: body.dispatchBatchId });
          try {
            if (line.qty_received + l.quantity > line.qty_required)
              throw new RangeError(`only ${line.qty_required - line.qty_received} are still to be received`);
            const requests = await open;
            plans.push({ line, quantity: l.quantity, requests, closures: allocateReceipt(requests, l.quantity) });
          } catch (error) {
            if (!(error instanceof RangeError)) throw error;
            errors.push({ field: `lines.${i}.quantity`, message: error.message });
          }
        }
        if (errors.length) throw invalid(errors);
        const batch = await newBatch(trx, pks.id, 'receipt', body.note, principal.userId);
        for (const plan of plans) {
          let closed = 0;
          for (const c of plan.closures) {
            closed += plan.requests.find((r: { id: number }) => r.id === c.id)!.quantity;
            await trx('pks_item_requests')
              .where({ id: c.id })
              .update({ status: c.status, quantity_received: c.received, closed_by_batch_id: batch.id });
          }
          const before = plan.line;
          await writeLine(
            trx,
            before,
            {
              ...quantities(before),
              inTransit: before.qty_in_transit - closed,
              received: before.qty_received + plan.quantity,
            },
            { batchId: batch.id, action: 'receipt', quantity: plan.quantity, userId: principal.userId },
          );
        }
        return {
          batchId: batch.id,
          sequence: batch.sequence,
          lines: await itemLines(trx, pks.id).whereIn(
            'f.id',
            body.lines.map((l: { lineId: number }) => l.lineId),
          ),
        };
      });
    },
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
    async handler(ctx, { params, body }) {
      const principal = requirePrincipal(ctx);
      const pks = await activeContractOf(ctx, principal, params.id, ITEM_ROLES, 'correcting items');
      return ctx.deps.knex.transaction(async (trx) => {
        const before = await trx('pks_item_fulfilments')
          .where({ id: params.lineId, pks_id: pks.id })
          .forUpdate()
          .first();
        if (!before) throw notFound(`line ${params.lineId} of PKS ${pks.id}`);
        const after = {
          ...quantities(before),
          required: body.required ?? before.qty_required,
          received: body.received ?? before.qty_received,
        };
        if (after.received + after.inTransit > after.required) {
          throw invalid([
            {
              field: body.required !== undefined ? 'required' : 'received',
              message: `received (${after.received}) and on its way (${after.inTransit}) cannot exceed required (${after.required})`,
            },
          ]);
        }
        const batch = await newBatch(trx, pks.id, 'correction', body.note, principal.userId);
        await writeLine(trx, before, after, {
          batchId: batch.id,
          action: 'correction',
          quantity: after.received - before.qty_received,
          userId: principal.userId,
        });
        return (await itemLines(trx, pks.id).where('f.id', params.lineId))[0];
      });
    },
  },
  {
    method: 'get',
    path: '/api/pks/:id/fulfilment/log',
    summary: 'Every dispatch, receipt and correction of the contract, newest batch first (filter by batch or line)',
    tag: 'fulfilment',
    params: idParams,
    query: Joi.object({ ...pageQuery, batchId: Joi.string().guid(), lineId: id }),
    async handler(ctx, { params, query }) {
      const pks = await contractOf(ctx.deps, requirePrincipal(ctx), params.id);
      const q = ctx.deps
        .knex('pks_fulfilment_log as l')
        .join('pks_fulfilment_batches as b', 'b.id', 'l.batch_id')
        .join('pks_item_fulfilments as f', 'f.id', 'l.fulfilment_id')
        .where('b.pks_id', pks.id)
        .orderBy('b.sequence', 'desc')
        .orderBy('l.id')
        .select(
          'b.id as batchId',
          'b.sequence',
          'b.kind',
          'b.note',
          'l.fulfilment_id as lineId',
          'f.item_name as itemName',
          'l.action',
          'l.quantity',
          'l.before',
          'l.after',
          'l.user_id as userId',
          'l.at',
        );
      if (query.batchId) q.where('b.id', query.batchId);
      if (query.lineId) q.where('l.fulfilment_id', query.lineId);
      return paginate(q, query.page, query.pageSize);
    },
  },
];
