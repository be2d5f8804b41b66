// Visits to active contracts (domain/contracts.md §11): scheduled and rescheduled slots and visit records, readable by
// whoever follows the contract (src/services/contract-access.ts); operational records, changed under row locks.
import { type VisitTeam } from '../db/fulfilment';
import { VISIT_ROLES } from '../domain/fulfilment';
import { contractOf } from './contract-access';
import { conflict, invalid, notFound } from '../errors';
import { filesOf, ownFiles } from './files';
import { today, activeContractOf } from './fulfilment';
import type { ServiceDeps, ServiceInput } from './deps';
import type { Principal } from '../auth/principal';

// POST /api/pks/:id/visits/slots/:slotId/reschedule
export async function postPksVisitsSlotsReschedule(
  deps: ServiceDeps,
  principal: Principal,
  { params, body }: ServiceInput,
) {
  const knex = deps.knex;
  const pks = await contractOf(deps, principal, params.id);
  const slot = await knex('pks_visit_slots').where({ id: params.slotId, pks_id: pks.id }).first();
  if (!slot) throw notFound(`visit slot ${params.slotId}`);
  await activeContractOf(
    deps,
    principal,
    params.id,
    VISIT_ROLES[slot.team as VisitTeam],
    `rescheduling ${slot.team} visits`,
  );
  if (slot.status === 'done') throw conflict('the visit was already made');
  if (body.plannedDate < pks.contractStart || body.plannedDate > pks.contractEnd)
    throw invalid([{ field: 'plannedDate', message: `must fall within ${pks.contractStart} – ${pks.contractEnd}` }]);
  if (
    await knex('pks_visit_slots')
      .where({ pks_id: pks.id, team: slot.team, planned_date: body.plannedDate })
      .whereNot({ id: slot.id })
      .first()
  ) {
    throw conflict(`a ${slot.team} visit is already planned on ${body.plannedDate}`, [
      { field: 'plannedDate', message: 'already planned' },
    ]);
  }
  const [moved] = await knex('pks_visit_slots')
    .where({ id: slot.id })
    .update({
      planned_date: body.plannedDate,
      original_date: slot.original_date ?? slot.planned_date,
      status: 'rescheduled',
      reschedule_reason: body.reason,
      rescheduled_by: principal.userId,
    })
    .returning([
      'id',
      'team',
      'planned_date as plannedDate',
      'original_date as originalDate',
      'status',
      'reschedule_reason as rescheduleReason',
    ]);
  return moved;
}

// POST /api/pks/:id/visits
export async function postPksVisits(deps: ServiceDeps, principal: Principal, { params, body }: ServiceInput) {
  const pks = await activeContractOf(
    deps,
    principal,
    params.id,
    VISIT_ROLES[body.team as VisitTeam],
    `recording ${body.team} visits`,
  );
  if (body.visitDate < pks.contractStart || body.visitDate > today())
    throw invalid([
      { field: 'visitDate', message: `must fall between the contract start ${pks.contractStart} and today` },
    ]);
  return deps.knex.transaction(async (trx) => {
    if (body.fileIds.length) await ownFiles(trx, principal, body.fileIds, 'visit-photo', 'fileIds');
    if (body.slotId) {
      const slot = await trx('pks_visit_slots')
        .where({ id: body.slotId, pks_id: pks.id, team: body.team })
        .forUpdate()
        .first();
      if (!slot)
        throw invalid([{ field: 'slotId', message: `slot ${body.slotId} is not a ${body.team} slot of this PKS` }]);
      if (slot.status === 'done')
        throw conflict(`slot ${body.slotId} already has its visit`, [{ field: 'slotId', message: 'already done' }]);
      await trx('pks_visit_slots').where({ id: slot.id }).update({ status: 'done' });
    }
    // One guarded increment: two visits racing for the last one cannot both count.
    const counted = await trx('pks_visit_targets')
      .where({ pks_id: pks.id, team: body.team })
      .whereRaw('used < target_total')
      .increment('used', 1)
      .returning(['used', 'target_total']);
    if (!counted.length) throw conflict(`the ${body.team} visit target of this contract is used up (or not set)`);
    const [visit] = await trx('pks_visits')
      .insert({
        pks_id: pks.id,
        team: body.team,
        slot_id: body.slotId ?? null,
        visit_date: body.visitDate,
        result: body.result,
        note: body.note || null,
        user_id: principal.userId,
      })
      .returning(['id', 'team', 'slot_id as slotId', 'visit_date as visitDate', 'result', 'note']);
    if (body.fileIds.length)
      await trx('pks_visit_files').insert(body.fileIds.map((file_id: number) => ({ visit_id: visit.id, file_id })));
    return {
      ...visit,
      photos: await filesOf(trx, 'pks_visit_files', 'visit_id', visit.id),
      used: counted[0].used,
      targetTotal: counted[0].target_total,
    };
  });
}

// POST /api/pks/:id/visits/slots
export async function postPksVisitsSlots(deps: ServiceDeps, principal: Principal, { params, body }: ServiceInput) {
  const pks = await activeContractOf(
    deps,
    principal,
    params.id,
    VISIT_ROLES[body.team as VisitTeam],
    `planning ${body.team} visits`,
  );
  if (body.plannedDate < pks.contractStart || body.plannedDate > pks.contractEnd)
    throw invalid([{ field: 'plannedDate', message: `must fall within ${pks.contractStart} – ${pks.contractEnd}` }]);
  const [slot] = await deps
    .knex('pks_visit_slots')
    .insert({ pks_id: pks.id, team: body.team, planned_date: body.plannedDate })
    .onConflict(['pks_id', 'team', 'planned_date'])
    .ignore()
    .returning(['id', 'team', 'planned_date as plannedDate', 'status']);
  if (!slot)
    throw conflict(`a ${body.team} visit is already planned on ${body.plannedDate}`, [
      { field: 'plannedDate', message: 'already planned' },
    ]);
  return slot;
}
