// Sets up what an activated contract must deliver (domain/contracts.md §11): item lines per contract site from the
// quotation that priced the site, and the visits each team owes with their schedule. Idempotent: running it again
// (an activity retry) adds nothing and keeps visits already used.
import { jakartaDate } from '../domain/jakarta-time';
import { randomUUID } from 'node:crypto';
import { nextSequence } from './document-sequences';
import {
  lineStatus,
  type LineQuantities,
  fulfilmentDueDate,
  overdueReminderDue,
  requiredItems,
  visitSchedule,
  visitTargetFor,
  visitTotal,
} from '../domain/fulfilment';
import { invalid, type FieldError } from '../errors';
import type { Knex } from 'knex';
import { loadSteps } from './quotation-pricing';

export const quantities = (row: Record<string, number>): LineQuantities => ({
  required: row.qty_required,
  inTransit: row.qty_in_transit,
  received: row.qty_received,
});

export function itemLines(knex: Knex | Knex.Transaction, pksId: number) {
  return knex('pks_item_fulfilments as f')
    .join('pks_sites as s', 's.id', 'f.pks_site_id')
    .where('f.pks_id', pksId)
    .orderBy('f.id')
    .select(
      'f.id',
      's.id as siteId',
      's.name as siteName',
      'f.item_type as type',
      'f.item_key as key',
      'f.item_name as name',
      'f.qty_required as required',
      'f.qty_in_transit as inTransit',
      'f.qty_received as received',
      'f.status',
      'f.updated_at as updatedAt',
    );
}

// Locks the PKS's lines named in `input`, in id order (no deadlock between two batches), or reports unknown ones.
export async function lockLines(trx: Knex.Transaction, pksId: number, input: Array<{ lineId: number }>) {
  const rows: Array<Record<string, any>> = await trx('pks_item_fulfilments')
    .where({ pks_id: pksId })
    .whereIn(
      'id',
      input.map((l) => l.lineId),
    )
    .orderBy('id')
    .forUpdate()
    .select('*');
  const errors: FieldError[] = input.flatMap((l, i) =>
    rows.some((r) => r.id === l.lineId)
      ? []
      : [{ field: `lines.${i}.lineId`, message: `line ${l.lineId} is not an item line of this PKS` }],
  );
  if (errors.length) throw invalid(errors);
  return new Map(rows.map((r) => [r.id as number, r]));
}

export async function newBatch(
  trx: Knex.Transaction,
  pksId: number,
  kind: 'dispatch' | 'receipt' | 'correction',
  note: string | undefined,
  userId: number,
) {
  const batch = {
    id: randomUUID(),
    pks_id: pksId,
    kind,
    sequence: await nextSequence(trx, `FULFILMENT/${pksId}`),
    note: note || null,
    created_by: userId,
  };
  await trx('pks_fulfilment_batches').insert(batch);
  return batch;
}

export async function writeLine(
  trx: Knex.Transaction,
  before: Record<string, any>,
  after: LineQuantities,
  log: { batchId: string; action: string; quantity: number; userId: number },
) {
  await trx('pks_item_fulfilments')
    .where({ id: before.id })
    .update({
      qty_required: after.required,
      qty_in_transit: after.inTransit,
      qty_received: after.received,
      status: lineStatus(after),
      updated_at: trx.fn.now(),
    });
  await trx('pks_fulfilment_log').insert({
    fulfilment_id: before.id,
    batch_id: log.batchId,
    action: log.action,
    quantity: log.quantity,
    user_id: log.userId,
    before: JSON.stringify(quantities(before)),
    after: JSON.stringify(after),
  });
}

// Item and visit recap of contracts (dashboard and detail): three grouped queries however many contracts.
export async function recaps(knex: Knex, pksIds: number[]) {
  const [items, targets, missed] = await Promise.all([
    knex('pks_item_fulfilments')
      .whereIn('pks_id', pksIds)
      .groupBy('pks_id')
      .select(
        'pks_id',
        knex.raw('count(*)::int as lines'),
        knex.raw(`count(*) FILTER (WHERE status = 'fully_fulfilled')::int as "fullyFulfilled"`),
        knex.raw('sum(qty_required)::int as required'),
        knex.raw('sum(qty_received)::int as received'),
      ),
    knex('pks_visit_targets')
      .whereIn('pks_id', pksIds)
      .groupBy('pks_id')
      .select('pks_id', knex.raw('sum(target_total)::int as target'), knex.raw('sum(used)::int as used')),
    // slotState's rule, in SQL: a planned day passed without its visit.
    knex('pks_visit_slots')
      .whereIn('pks_id', pksIds)
      .whereNot('status', 'done')
      .where('planned_date', '<', jakartaDate(new Date()))
      .groupBy('pks_id')
      .select('pks_id', knex.raw('count(*)::int as missed')),
  ]);
  const percent = (part: number, whole: number) => (whole === 0 ? 100 : Math.round((part / whole) * 1000) / 10);
  return new Map(
    pksIds.map((pksId) => {
      const i = items.find((r: { pks_id: number }) => r.pks_id === pksId) ?? {
        lines: 0,
        fullyFulfilled: 0,
        required: 0,
        received: 0,
      };
      const t = targets.find((r: { pks_id: number }) => r.pks_id === pksId) ?? { target: 0, used: 0 };
      const m = missed.find((r: { pks_id: number }) => r.pks_id === pksId)?.missed ?? 0;
      return [
        pksId,
        {
          items: {
            lines: i.lines,
            fullyFulfilled: i.fullyFulfilled,
            remaining: i.lines - i.fullyFulfilled,
            required: i.required,
            received: i.received,
            percent: percent(i.received, i.required),
          },
          visits: { target: t.target, used: t.used, percent: percent(t.used, t.target), missed: m },
          complete: i.fullyFulfilled === i.lines && m === 0,
        },
      ];
    }),
  );
}

export const VISIT_TEAMS = { operations: 'ro', crm: 'crm' } as const; // team → lead officer kind who is the PIC
export type VisitTeam = keyof typeof VISIT_TEAMS;

export async function prepareFulfilment(trx: Knex.Transaction, pks: Record<string, any>): Promise<void> {
  const sites = await trx('pks_sites as s')
    .leftJoin('spk_sites as x', 'x.id', 's.spk_site_id')
    .where('s.pks_id', pks.id)
    .select(
      's.id',
      's.headcount',
      trx.raw('coalesce(s.quotation_id, x.quotation_id) as quotation_id'),
      trx.raw('coalesce(s.site_key, x.site_key) as site_key'),
    );
  const steps = new Map<number, Awaited<ReturnType<typeof loadSteps>>>();
  for (const site of sites) {
    if (!steps.has(site.quotation_id)) steps.set(site.quotation_id, await loadSteps(trx, site.quotation_id));
    const lines = requiredItems(steps.get(site.quotation_id)!, site.site_key);
    if (lines.length) {
      await trx('pks_item_fulfilments')
        .insert(
          lines.map((l) => ({
            pks_id: pks.id,
            pks_site_id: site.id,
            item_type: l.type,
            item_key: l.key,
            item_name: l.name,
            qty_required: l.quantity,
          })),
        )
        .onConflict(['pks_id', 'pks_site_id', 'item_type', 'item_key'])
        .ignore();
    }
  }
  // An addendum's visits stay with the contract it amends.
  if (pks.type === 'addendum') return;
  const positionIds =
    (steps.get(pks.primary_quotation_id) ?? (await loadSteps(trx, pks.primary_quotation_id)))[3]?.positions.map(
      (p) => p.positionId,
    ) ?? [];
  const serviceLine = await trx('positions').whereIn('id', positionIds).first('service_line_id');
  const headcount = sites.reduce((n: number, s: { headcount: number }) => n + s.headcount, 0);
  const matrix = (await trx('visit_target_matrix').select('*')).map((r: Record<string, number>) => ({
    serviceLineId: r.service_line_id,
    hcFrom: r.hc_from,
    hcTo: r.hc_to,
    category: String(r.hc_category_id),
    visitsPerYear: r.visits_per_year,
  }));
  const target = serviceLine ? visitTargetFor(matrix, serviceLine.service_line_id, headcount) : null;
  if (!target) return;
  const total = visitTotal(target.visitsPerYear, pks.contract_start, pks.contract_end);
  for (const [team, officerKind] of Object.entries(VISIT_TEAMS)) {
    await trx('pks_visit_targets')
      .insert({
        pks_id: pks.id,
        team,
        hc_category_id: Number(target.category),
        visits_per_year: target.visitsPerYear,
        target_total: total,
      })
      .onConflict(['pks_id', 'team'])
      .ignore();
    if (await trx('pks_visit_slots').where({ pks_id: pks.id, team }).first('id')) continue;
    const pic = await trx('lead_officers')
      .where({ lead_id: pks.lead_id, kind: officerKind })
      .orderBy('is_primary', 'desc')
      .first('user_id');
    const dates = visitSchedule(pks.contract_start, pks.contract_end, target.visitsPerYear, total);
    if (dates.length)
      await trx('pks_visit_slots').insert(
        dates.map((planned_date) => ({ pks_id: pks.id, team, planned_date, pic_user_id: pic?.user_id ?? null })),
      );
  }
}

export interface OverdueFulfilment {
  pksId: number;
  dueDate: string;
  openLines: number;
}

// Active contracts with item lines not fully received after their due date, and not reminded in the last week.
export async function overdueFulfilment(knex: Knex, today: string, dueDays: number): Promise<OverdueFulfilment[]> {
  const rows = await knex('pks as p')
    .join('pks_item_fulfilments as f', 'f.pks_id', 'p.id')
    .where('p.status', 'active')
    .whereRaw('f.qty_received < f.qty_required')
    .groupBy('p.id')
    .orderBy('p.id')
    .select(
      'p.id',
      knex.raw(`to_char(p.contract_start, 'YYYY-MM-DD') as "contractStart"`),
      knex.raw(`to_char(p.activated_at AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM-DD') as "activatedOn"`),
      knex.raw('count(*)::int as "openLines"'),
      knex.raw(
        `(SELECT to_char(max(r.reminded_on), 'YYYY-MM-DD') FROM pks_fulfilment_reminders r WHERE r.pks_id = p.id) as "lastRemindedOn"`,
      ),
    );
  return rows
    .map((r) => ({ ...r, dueDate: fulfilmentDueDate(r.contractStart, r.activatedOn ?? r.contractStart, dueDays) }))
    .filter((r) => overdueReminderDue({ dueDate: r.dueDate, lastRemindedOn: r.lastRemindedOn, today }))
    .map((r) => ({ pksId: r.id, dueDate: r.dueDate, openLines: r.openLines }));
}
