// Fulfilment of active contracts (domain/contracts.md §11): item deliveries in two stages (dispatch, then receipt)
// with batches and a log, corrections, and the fulfilment dashboard (visits: ./visits.ts). Readable by whoever follows
// the contract (src/services/contract-access.ts).
// These are operational records, not the contract's lifecycle: they change under row locks, not through its run.
import { jakartaDate } from '../domain/jakarta-time';
import type { Principal } from '../auth/principal';
import { dispatchable, slotState, type LineQuantities, allocateReceipt, ITEM_ROLES } from '../domain/fulfilment';
import { applyReadScope } from '../db/read-scope';
import { requireAbility } from '../auth/guards';
import { contractOf } from './contract-access';
import { invalid, type FieldError, conflict, forbidden, notFound } from '../errors';
import { filesOf } from './files';
import type { ServiceDeps, ServiceInput } from './deps';
import type { PksRecord } from '../../workflows/pks-contract';
import { page, paginate } from '../db/listing';
import { quantities, itemLines, lockLines, newBatch, writeLine, recaps } from '../db/fulfilment';

export const today = () => jakartaDate(new Date());

// GET /api/fulfilment/dashboard
export async function getFulfilmentDashboard(deps: ServiceDeps, principal: Principal, { query }: ServiceInput) {
  requireAbility(principal, 'read', 'Pks');
  const knex = deps.knex;
  const q = applyReadScope(knex('pks as p'), principal, 'Pks', 'p')
    .where('p.status', 'active')
    .whereNot('p.type', 'addendum')
    .orderBy('p.contract_end')
    .orderBy('p.id')
    .select(
      'p.id',
      'p.number',
      'p.customer_name as customerName',
      'p.branch_id as branchId',
      'p.contract_start as contractStart',
      'p.contract_end as contractEnd',
    );
  if (query.branchId) q.where('p.branch_id', query.branchId);
  const contracts = await q;
  const byId = await recaps(
    knex,
    contracts.map((p: { id: number }) => p.id),
  );
  const all: Array<Record<string, any>> = contracts.map((p: { id: number }) => ({ ...p, ...byId.get(p.id) }));
  const shown = query.incomplete === undefined ? all : all.filter((p) => p.complete !== query.incomplete);
  const sum = (pick: (p: Record<string, any>) => number) => shown.reduce((n, p) => n + pick(p), 0);
  const start = (query.page - 1) * query.pageSize;
  return {
    summary: {
      contracts: shown.length,
      complete: shown.filter((p) => p.complete).length,
      itemLines: sum((p) => p.items.lines),
      itemLinesFulfilled: sum((p) => p.items.fullyFulfilled),
      quantityRequired: sum((p) => p.items.required),
      quantityReceived: sum((p) => p.items.received),
      visitTarget: sum((p) => p.visits.target),
      visitsUsed: sum((p) => p.visits.used),
      visitsMissed: sum((p) => p.visits.missed),
    },
    ...page(shown.slice(start, start + query.pageSize), query.page, query.pageSize, shown.length),
  };
}

// GET /api/pks/:id/fulfilment
export async function getPksFulfilment(deps: ServiceDeps, principal: Principal, { params }: ServiceInput) {
  const pks = await contractOf(deps, principal, params.id);
  const knex = deps.knex;
  const items = (await itemLines(knex, pks.id)).map((l: LineQuantities & Record<string, unknown>) => ({
    ...l,
    dispatchable: dispatchable(l),
  }));
  const slots = await knex('pks_visit_slots')
    .where({ pks_id: pks.id })
    .orderBy('planned_date')
    .orderBy('id')
    .select(
      'id',
      'team',
      'planned_date as plannedDate',
      'original_date as originalDate',
      'status',
      'pic_user_id as picUserId',
      'reschedule_reason as rescheduleReason',
    );
  return {
    pksId: pks.id,
    number: pks.number,
    status: pks.status,
    ...(await recaps(knex, [pks.id])).get(pks.id),
    lines: items,
    visitTargets: await knex('pks_visit_targets as t')
      .leftJoin('hc_categories as c', 'c.id', 't.hc_category_id')
      .where('t.pks_id', pks.id)
      .orderBy('t.team')
      .select(
        't.team',
        'c.name as category',
        't.visits_per_year as visitsPerYear',
        't.target_total as targetTotal',
        't.used',
      ),
    slots: slots.map((s: { status: 'scheduled'; plannedDate: string }) => ({ ...s, state: slotState(s, today()) })),
    visitRecords: await Promise.all(
      (
        await knex('pks_visits')
          .where({ pks_id: pks.id })
          .orderBy('visit_date')
          .orderBy('id')
          .select('id', 'team', 'slot_id as slotId', 'visit_date as visitDate', 'result', 'note', 'user_id as userId')
      ).map(async (v: { id: number }) => ({
        ...v,
        photos: await filesOf(knex, 'pks_visit_files', 'visit_id', v.id),
      })),
    ),
  };
}

export async function activeContractOf(
  deps: ServiceDeps,
  principal: Principal,
  pksId: number,
  roles: string[],
  what: string,
): Promise<PksRecord> {
  const pks = await contractOf(deps, principal, pksId);
  if (!roles.includes(principal.roleCode)) throw forbidden(`${what} is for roles ${roles.join(', ')}`);
  if (pks.status !== 'active') throw conflict(`PKS is ${pks.status}; only an active contract is fulfilled`);
  return pks;
}

// POST /api/pks/:id/fulfilment/dispatches
export async function postPksFulfilmentDispatches(
  deps: ServiceDeps,
  principal: Principal,
  { params, body }: ServiceInput,
) {
  const pks = await activeContractOf(deps, principal, params.id, ITEM_ROLES, 'dispatching items');
  return deps.knex.transaction(async (trx) => {
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
}

// POST /api/pks/:id/fulfilment/receipts
export async function postPksFulfilmentReceipts(
  deps: ServiceDeps,
  principal: Principal,
  { params, body }: ServiceInput,
) {
  const pks = await activeContractOf(deps, principal, params.id, ITEM_ROLES, 'receiving items');
  return deps.knex.transaction(async (trx) => {
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
}

// PATCH /api/pks/:id/fulfilment/lines/:lineId
export async function patchPksFulfilmentLines(deps: ServiceDeps, principal: Principal, { params, body }: ServiceInput) {
  const pks = await activeContractOf(deps, principal, params.id, ITEM_ROLES, 'correcting items');
  return deps.knex.transaction(async (trx) => {
    const before = await trx('pks_item_fulfilments').where({ id: params.lineId, pks_id: pks.id }).forUpdate().first();
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
}

// GET /api/pks/:id/fulfilment/log
export async function getPksFulfilmentLog(deps: ServiceDeps, principal: Principal, { params, query }: ServiceInput) {
  const pks = await contractOf(deps, principal, params.id);
  const q = deps
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
}
