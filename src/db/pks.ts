// PKS queries and writes: the contract row as a record, the sites a new contract may take, lists, the dashboard, a
// contract's full view, clauses and their history, and the insert of a new contract with its sites and clauses.
import type { Knex } from 'knex';
import type { Principal } from '../auth/principal';
import type { PksSource } from '../contracts/pks-source';
import { jakartaYearMonth } from '../domain/jakarta-time';
import {
  addendumChainKey,
  agreementClauses,
  chainedNumber,
  contractSiteNumber,
  formatPksNumber,
  missingChecklistItems,
  pksSequenceKey,
  projectName,
  renewalChainKey,
} from '../domain/pks';
import { conflict, notFound } from '../errors';
import { pksRecord } from './pks-record';
import type { PksRecord } from '../../workflows/pks-contract';
import { nextSequence } from './document-sequences';
import { logSystemActivity, type findLead } from './leads';
import { containing, paginate } from './listing';
import { agreementData, serviceLineOf } from './pks-agreement';
import { applyReadScope } from './read-scope';

export async function pksById(knex: Knex, pksId: number): Promise<PksRecord | undefined> {
  const row = await knex('pks').where({ id: pksId }).first();
  return row ? pksRecord(row) : undefined;
}

// Live sites of a lead's signed SPKs that are in no contract yet.
export function availableSites(knex: Knex, leadId: number) {
  return knex('spk_sites as x')
    .join('spks as s', 's.id', 'x.spk_id')
    .where({ 's.lead_id': leadId, 's.status': 'signed' })
    .whereNull('x.removed_at')
    .whereNotExists((q) => q.from('pks_sites as p').whereRaw('p.spk_site_id = x.id').whereNull('p.released_at'))
    .orderBy('x.id')
    .select(
      'x.id as spkSiteId',
      's.id as spkId',
      's.number as spkNumber',
      'x.quotation_id as quotationId',
      'x.quotation_number as quotationNumber',
      'x.name',
      'x.city_code as cityCode',
      'x.placement',
      'x.headcount',
      's.entity_id as entityId',
    );
}

// PKS/ORG/… for a first contract; a renewal or addendum takes the next number in its parent's chain.
async function contractNumber(
  trx: Knex.Transaction,
  source: PksSource,
  entityCode: string,
  leadCode: string,
  pksDate: string,
): Promise<string> {
  if (!source.parent) {
    const { year, month } = jakartaYearMonth(new Date(`${pksDate}T05:00:00Z`));
    const prefix = pksSequenceKey(entityCode, leadCode, year, month);
    return formatPksNumber(prefix, await nextSequence(trx, prefix));
  }
  const [key, letter] =
    source.type === 'rekontrak'
      ? [renewalChainKey(source.parent.number), 'K' as const]
      : [addendumChainKey(source.parent.number), 'A' as const];
  return chainedNumber(key, letter, await nextSequence(trx, key));
}

export interface NewPksInput {
  pksDate: string;
  hcCategoryId?: number | null;
  loyaltyLevelId?: number | null;
}

// Records a new contract with its numbered sites, its generated clauses and a lead activity, in `trx`.
export async function insertPks(
  trx: Knex.Transaction,
  principal: Principal,
  source: PksSource & { lead: NonNullable<Awaited<ReturnType<typeof findLead>>> },
  input: NewPksInput,
): Promise<PksRecord> {
  const { lead } = source;
  const quotation = await trx('quotations').where({ id: source.primaryQuotationId }).first();
  if (!quotation.calculation?.priced) throw conflict(`quotation ${quotation.number} has no price`);
  const entity = await trx('entities').where({ id: quotation.entity_id }).first();
  const number = await contractNumber(trx, source, entity.code, lead.code, input.pksDate);
  const coss = quotation.calculation.result.coss;
  const commercial = {
    totalBeforeFee: coss.totalBeforeFee,
    managementFee: coss.managementFee,
    grandTotal: coss.grandTotal,
    dpp: coss.dpp,
    ppn: coss.ppn,
    pph23: coss.pph23,
    totalInvoice: coss.totalInvoice,
    roundedInvoice: coss.roundedInvoice,
    basicWages: coss.basicWages,
    totalBpjsTk: coss.totalBpjsTk,
    totalBpjsKes: coss.totalBpjsKes,
  };
  const [row] = await trx('pks')
    .insert({
      number,
      type: source.type,
      parent_pks_id: source.parent?.id ?? null,
      effective_date: source.effectiveDate,
      lead_id: lead.id,
      entity_id: entity.id,
      primary_quotation_id: quotation.id,
      pks_date: input.pksDate,
      contract_start: source.contractStart,
      contract_end: source.contractEnd,
      salary_rule_id: source.salaryRuleId,
      thr_rule_id: source.thrRuleId,
      hc_category_id: input.hcCategoryId ?? null,
      loyalty_level_id: input.loyaltyLevelId ?? null,
      customer_name: lead.companyName,
      sales_user_id: lead.mainSalesUserId,
      branch_id: lead.branchId,
      commercial: JSON.stringify(commercial),
      created_by: principal.userId,
      updated_by: principal.userId,
    })
    .returning('*');
  const service = (await serviceLineOf(trx, quotation.id)) ?? '-';
  for (const [i, site] of source.sites.entries()) {
    await trx('pks_sites').insert({
      pks_id: row.id,
      spk_site_id: site.spkSiteId,
      quotation_id: site.spkSiteId ? null : site.quotationId,
      site_key: site.spkSiteId ? null : site.siteKey,
      number: contractSiteNumber(number, i),
      project_name: projectName(source.contractStart, source.contractEnd, service, lead.companyName),
      name: site.name,
      city_code: site.cityCode,
      placement: site.placement,
      headcount: site.headcount,
    });
  }
  const clauses = agreementClauses(await agreementData(trx, row.id));
  await trx('pks_clauses').insert(clauses.map((c, position) => ({ pks_id: row.id, position, ...c })));
  await logSystemActivity(
    trx,
    lead,
    'PKS',
    `PKS ${number} created${source.parent ? ` (${source.type} of ${source.parent.number})` : ''}`,
    principal.userId,
  );
  return pksRecord(row);
}

// After a draft's dates or terms are corrected: its sites' project names and every clause nobody has edited follow
// the new terms; a clause someone wrote by hand is left as written.
export async function refreshPksTerms(trx: Knex.Transaction, pksId: number): Promise<void> {
  const row = await trx('pks').where({ id: pksId }).first();
  const service = (await serviceLineOf(trx, row.primary_quotation_id)) ?? '-';
  await trx('pks_sites')
    .where({ pks_id: pksId })
    .update({ project_name: projectName(row.contract_start, row.contract_end, service, row.customer_name) });
  const generated = agreementClauses(await agreementData(trx, pksId));
  const current = await trx('pks_clauses')
    .where({ pks_id: pksId })
    .whereNull('updated_at')
    .select('position', 'section');
  for (const clause of current) {
    const fresh = generated[clause.position];
    if (fresh?.section === clause.section)
      await trx('pks_clauses').where({ pks_id: pksId, position: clause.position }).update(fresh);
  }
}

export interface PksListQuery {
  page: number;
  pageSize: number;
  q?: string;
  status?: string;
  type?: string;
  branchId?: number;
  leadId?: number;
}

export function listPks(knex: Knex, principal: Principal, query: PksListQuery) {
  const q = applyReadScope(
    knex('pks as p').select(
      'p.id',
      'p.number',
      'p.type',
      'p.parent_pks_id as parentPksId',
      'p.customer_name as customerName',
      'p.status',
      'p.pks_date as pksDate',
      'p.contract_start as contractStart',
      'p.contract_end as contractEnd',
      knex.raw(`(p.contract_end - (now() AT TIME ZONE 'Asia/Jakarta')::date) as "daysLeft"`),
    ),
    principal,
    'Pks',
    'p',
  );
  const text = query.q;
  if (text)
    q.where((w) => w.whereILike('p.customer_name', containing(text)).orWhereILike('p.number', containing(text)));
  if (query.status) q.where('p.status', query.status);
  if (query.type) q.where('p.type', query.type);
  if (query.branchId) q.where('p.branch_id', query.branchId);
  if (query.leadId) q.where('p.lead_id', query.leadId);
  return paginate(q.orderBy('p.pks_date', 'desc').orderBy('p.id', 'desc'), query.page, query.pageSize);
}

export async function pksDashboard(
  knex: Knex,
  principal: Principal,
  query: { branchId?: number; page: number; pageSize: number },
) {
  const today = knex.raw("(now() AT TIME ZONE 'Asia/Jakarta')::date");
  // Contracts, not their addenda (an addendum is part of the contract it amends).
  const scoped = () => {
    const q = applyReadScope(knex('pks as p'), principal, 'Pks', 'p').whereNot('p.type', 'addendum');
    if (query.branchId) q.where('p.branch_id', query.branchId);
    return q;
  };
  const [counts] = await scoped().select(
    knex.raw(
      `count(*) FILTER (WHERE p.status = 'active' AND p.contract_end > (?::date + interval '3 months'))::int as "activeLater"`,
      [today],
    ),
    knex.raw(
      `count(*) FILTER (WHERE p.status = 'active' AND p.contract_end >= ? AND p.contract_end <= (?::date + interval '3 months'))::int as "endingWithin3Months"`,
      [today, today],
    ),
    knex.raw(
      `count(*) FILTER (WHERE p.status IN ('expired', 'terminated', 'superseded') OR (p.status = 'active' AND p.contract_end < ?))::int as "ended"`,
      [today],
    ),
    knex.raw(`count(*) FILTER (WHERE p.status = 'awaiting_signed')::int as "awaitingSignedUpload"`),
    knex.raw(`count(*) FILTER (WHERE p.status = 'awaiting_activation')::int as "awaitingActivation"`),
    knex.raw('count(*)::int as total'),
  );
  const expiring = scoped()
    .where('p.status', 'active')
    .where('p.contract_end', '>=', today)
    .select(
      'p.id',
      'p.number',
      'p.customer_name as customerName',
      'p.branch_id as branchId',
      'p.contract_start as contractStart',
      'p.contract_end as contractEnd',
      knex.raw('(p.contract_end - ?)::int as "daysLeft"', [today]),
      knex.raw(`CASE WHEN p.contract_end - ? <= 90 THEN 'Akan Habis' ELSE 'Berjalan' END as label`, [today]),
    )
    .orderBy('p.contract_end')
    .orderBy('p.id');
  return { summary: counts, expiring: await paginate(expiring, query.page, query.pageSize) };
}

// A contract with its sites (its own and those its activated addenda added), clauses, chain, amendments, approvals
// and signed copies.
export async function pksDetail(knex: Knex, pks: PksRecord) {
  const row = await knex('pks').where({ id: pks.id }).first('checklist', 'commercial');
  return {
    ...pks,
    commercial: row.commercial,
    checklist: row.checklist,
    missingChecklist: missingChecklistItems(row.checklist),
    // Its own sites and those its activated addenda added (contracts.md §9 NEW: the parent keeps its number).
    sites: await knex('pks_sites as s')
      .join('pks as o', 'o.id', 's.pks_id')
      .where((w) =>
        w
          .where('s.pks_id', pks.id)
          .orWhere((a) => a.where({ 'o.parent_pks_id': pks.id, 'o.type': 'addendum' }).whereNotNull('o.activated_at')),
      )
      .orderBy('s.id')
      .select(
        's.id',
        's.spk_site_id as spkSiteId',
        's.quotation_id as quotationId',
        's.site_key as siteKey',
        's.number',
        's.project_name as projectName',
        's.name',
        's.city_code as cityCode',
        's.placement',
        's.headcount',
        's.released_at as releasedAt',
        knex.raw('CASE WHEN s.pks_id = ? THEN NULL ELSE o.number END as "addedByAddendum"', [pks.id]),
      ),
    clauses: await knex('pks_clauses')
      .where({ pks_id: pks.id })
      .orderBy('position')
      .select('position', 'section', 'title', 'text'),
    chain: await knex('pks')
      .where({ parent_pks_id: pks.id })
      .orderBy('id')
      .select('id', 'number', 'type', 'status', 'contract_start as contractStart', 'effective_date as effectiveDate'),
    amendments: await knex('pks_amendments as a')
      .join('pks as d', 'd.id', 'a.addendum_pks_id')
      .where('a.parent_pks_id', pks.id)
      .orderBy('a.effective_month')
      .select('d.number as addendumNumber', 'a.effective_month as effectiveMonth', 'a.monthly_amount as monthlyAmount'),
    approvals: await knex('pks_approval_log')
      .where({ pks_id: pks.id })
      .orderBy('id')
      .select('level', 'event', 'user_id as userId', 'note', 'at'),
    signedFiles: await knex('pks_signed_files as s')
      .join('stored_files as f', 'f.id', 's.file_id')
      .where('s.pks_id', pks.id)
      .orderBy('s.uploaded_at', 'desc')
      .select('f.id', 'f.original_name as originalName', 'f.sha256', 's.uploaded_at as uploadedAt'),
  };
}

export function pksClauses(knex: Knex, pksId: number) {
  return knex('pks_clauses')
    .where({ pks_id: pksId })
    .orderBy('position')
    .select('position', 'section', 'title', 'text', 'updated_at as updatedAt', 'updated_by as updatedBy');
}

export async function clauseOf(knex: Knex, pksId: number, position: number): Promise<{ title: string; text: string }> {
  const clause = await knex('pks_clauses').where({ pks_id: pksId, position }).first('title', 'text');
  if (!clause) throw notFound(`clause ${position} of PKS ${pksId}`);
  return clause;
}

export async function requireUniqueTitle(
  knex: Knex,
  pksId: number,
  title: string,
  exceptPosition?: number,
): Promise<void> {
  const q = knex('pks_clauses').where({ pks_id: pksId }).whereRaw('lower(title) = lower(?)', [title]);
  if (exceptPosition !== undefined) q.whereNot({ position: exceptPosition });
  if (await q.first())
    throw conflict(`the PKS already has a clause titled "${title}"`, [
      { field: 'title', message: 'already used by another clause' },
    ]);
}

export function clauseHistory(knex: Knex, pksId: number, position: number) {
  return knex('pks_clause_history as h')
    .leftJoin('users as u', 'u.id', 'h.changed_by')
    .where({ 'h.pks_id': pksId, 'h.position': position })
    .orderBy('h.id', 'desc')
    .select(
      'h.id',
      'h.change',
      'h.title',
      'h.text',
      'h.changed_by as changedBy',
      'u.full_name as changedByName',
      'h.changed_at as changedAt',
    );
}

// An earlier text of a clause: the one named, or the latest.
export async function earlierClause(knex: Knex, pksId: number, position: number, historyId?: number) {
  const earlier = knex('pks_clause_history').where({ pks_id: pksId, position }).orderBy('id', 'desc');
  const before = await (historyId ? earlier.where({ id: historyId }) : earlier).first();
  if (!before)
    throw notFound(historyId ? `history ${historyId} of clause ${position}` : `an earlier text of clause ${position}`);
  return before as { id: number; title: string; text: string };
}
