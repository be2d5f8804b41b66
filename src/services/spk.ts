// SPK, the work order (domain/contracts.md §4): made from approved quotations' sites, one run per SPK; the
// signed copy, site removal and cancellation are workflow Updates; lists and views read the projection.
import type { ServiceDeps, ServiceInput } from './deps';
import type { Knex } from 'knex';
import type { Principal } from '../auth/principal';
import { findLead, changeLeadStatus, logSystemActivity } from '../db/leads';
import { quotationSites } from '../db/quotation-sites';
import { jakartaDate } from '../domain/jakarta-time';
import { spkRecord } from '../../activities/spk';
import { applyReadScope } from '../db/read-scope';
import { requireAbility, requireRowAbility } from '../auth/guards';
import { containing, paginate } from '../db/listing';
import { subject as asSubject } from '@casl/ability';
import { nextSequence } from '../db/document-sequences';
import { regionalWage } from '../db/minimum-wages';
import { formatSpkNumber, spkSequenceKey } from '../domain/spk';
import { invalid, type FieldError } from '../errors';

// Lead statuses automation never moves back from (crm.md §1.6): SPK stage 3 only for leads below 99.
export const SPK_LEAD_STATUS = 3;

export async function loadSpk(
  deps: ServiceDeps,
  principal: Principal,
  spkId: number,
  action: 'read' | 'update' | 'delete',
) {
  const row = await deps.knex('spks').where({ id: spkId }).first();
  const record = row ? spkRecord(row) : undefined;
  return requireRowAbility(principal, action, 'Spk', record, `SPK ${spkId}`);
}

// Approved new or revised quotations of a lead and their step-3 sites that are in no live SPK yet (renewals and
// addenda go to a PKS directly, contracts.md §5.1). A quotation stays a source once converted by an SPK of some of
// its sites (contracts.md §4.1), but not while a revision of it is being priced: that revision will replace it.
export async function availableSites(knex: Knex, leadId: number) {
  const quotations = await knex('quotations as q')
    .where({ 'q.lead_id': leadId })
    .whereIn('q.status', ['approved', 'converted'])
    .whereIn('q.type', ['baru', 'revisi'])
    .whereNotExists((r) =>
      r
        .from('quotations as r')
        .whereRaw('r.parent_quotation_id = q.id')
        .where('r.type', 'revisi')
        .whereIn('r.status', ['draft', 'submitted']),
    )
    .orderBy('q.id')
    .select('q.id', 'q.number', 'q.entity_id');
  const taken = await knex('spk_sites')
    .whereIn(
      'quotation_id',
      quotations.map((q) => q.id),
    )
    .whereNull('removed_at')
    .select('quotation_id', 'site_key');
  const result = [];
  for (const q of quotations) {
    for (const site of await quotationSites(knex, q.id)) {
      if (taken.some((t) => t.quotation_id === q.id && t.site_key === site.siteKey)) continue;
      result.push({ quotationId: q.id, quotationNumber: q.number, entityId: q.entity_id, ...site });
    }
  }
  return result;
}

export function spkList(knex: Knex) {
  return knex('spks as s')
    .join('leads as l', 'l.id', 's.lead_id')
    .leftJoin('users as u', 'u.id', 's.created_by')
    .select(
      's.id',
      's.number',
      's.spk_date as spkDate',
      's.customer_name as customerName',
      's.status',
      's.entity_id as entityId',
      's.sales_user_id as salesUserId',
      's.branch_id as branchId',
      'u.full_name as createdByName',
      knex.raw(
        `(SELECT string_agg(x.name, ', ' ORDER BY x.id) FROM spk_sites x WHERE x.spk_id = s.id AND x.removed_at IS NULL) as "siteNames"`,
      ),
    );
}

// GET /api/spk/available-sites
export async function getSpkAvailableSites(deps: ServiceDeps, principal: Principal, { query }: ServiceInput) {
  requireRowAbility(principal, 'read', 'Lead', await findLead(deps.knex, query.leadId), `lead ${query.leadId}`);
  return { data: await availableSites(deps.knex, query.leadId) };
}

// GET /api/spk
export async function getSpk(deps: ServiceDeps, principal: Principal, { query }: ServiceInput) {
  requireAbility(principal, 'read', 'Spk');
  const q = applyReadScope(spkList(deps.knex), principal, 'Spk', 's');
  if (query.leadId) q.where('s.lead_id', query.leadId);
  if (query.q)
    q.where((w) =>
      w
        .whereILike('s.customer_name', containing(query.q))
        .orWhereILike('s.number', containing(query.q))
        .orWhereILike('u.full_name', containing(query.q)),
    );
  // Without a search or a lead, the recent months only.
  else if (!query.leadId) {
    const start = new Date(`${jakartaDate(new Date()).slice(0, 7)}-01T00:00:00Z`);
    start.setUTCMonth(start.getUTCMonth() - 3);
    q.where('s.spk_date', '>=', query.dateFrom ?? start.toISOString().slice(0, 10));
  }
  if (query.status) q.where('s.status', query.status);
  if (query.branchId) q.where('s.branch_id', query.branchId);
  return paginate(q.orderBy('s.spk_date', 'desc').orderBy('s.id', 'desc'), query.page, query.pageSize);
}

// GET /api/spk/:id
export async function getSpkById(deps: ServiceDeps, principal: Principal, { params }: ServiceInput) {
  const spk = await loadSpk(deps, principal, params.id, 'read');
  const knex = deps.knex;
  const sites = await knex('spk_sites')
    .where({ spk_id: spk.id })
    .orderBy('id')
    .select(
      'id',
      'quotation_id as quotationId',
      'quotation_number as quotationNumber',
      'site_key as siteKey',
      'name',
      'province_code as provinceCode',
      'city_code as cityCode',
      'placement',
      'ump',
      'umk',
      'headcount',
      'removed_at as removedAt',
    );
  const signed = await knex('spk_signed_files as s')
    .join('stored_files as f', 'f.id', 's.file_id')
    .where('s.spk_id', spk.id)
    .orderBy('s.uploaded_at', 'desc')
    .select(
      'f.id',
      'f.original_name as originalName',
      'f.size_bytes as sizeBytes',
      'f.sha256',
      's.uploaded_at as uploadedAt',
    );
  return { ...spk, sites, signedFiles: signed };
}

export interface SpkSource {
  lead: NonNullable<Awaited<ReturnType<typeof findLead>>>;
  chosen: Awaited<ReturnType<typeof availableSites>>;
  entityId: number;
}

// The lead (readable by the caller) and its chosen sites: approved, in no SPK yet, all of one entity.
export async function resolveSpkSource(
  knex: Knex,
  principal: Principal,
  body: { leadId: number; sites: Array<{ quotationId: number; siteKey: string }> },
): Promise<SpkSource> {
  const lead = await findLead(knex, body.leadId);
  if (!lead || !principal.ability.can('read', asSubject('Lead', { ...lead })))
    throw invalid([{ field: 'leadId', message: `lead ${body.leadId} does not exist` }]);
  const available = await availableSites(knex, lead.id);
  const errors: FieldError[] = [];
  const chosen = (body.sites as Array<{ quotationId: number; siteKey: string }>).map((s, i) => {
    const site = available.find((a) => a.quotationId === s.quotationId && a.siteKey === s.siteKey);
    if (!site)
      errors.push({
        field: `sites.${i}`,
        message: `site ${s.siteKey} of quotation ${s.quotationId} is not an approved site of this lead without an SPK`,
      });
    return site!;
  });
  if (errors.length) throw invalid(errors);
  const entities = [...new Set(chosen.map((s) => s.entityId))];
  if (entities.length > 1)
    throw invalid([{ field: 'sites', message: 'the sites come from quotations of different entities' }]);
  return { lead, chosen, entityId: entities[0] };
}

// Records the SPK with its sites (each with the wage floors in force on the SPK date), a lead activity, and moves
// the lead to the SPK status.
export async function insertSpk(trx: Knex.Transaction, principal: Principal, source: SpkSource, spkDate: string) {
  const { lead, chosen } = source;
  const entity = await trx('entities').where({ id: source.entityId }).first('id', 'code');
  const prefix = spkSequenceKey(entity.code, lead.code, spkDate);
  const number = formatSpkNumber(prefix, await nextSequence(trx, prefix));
  const [row] = await trx('spks')
    .insert({
      number,
      lead_id: lead.id,
      entity_id: entity.id,
      spk_date: spkDate,
      customer_name: lead.companyName,
      sales_user_id: lead.mainSalesUserId,
      branch_id: lead.branchId,
      created_by: principal.userId,
      updated_by: principal.userId,
    })
    .returning('*');
  for (const site of chosen) {
    const wage = await regionalWage(trx, site.cityCode, spkDate);
    await trx('spk_sites').insert({
      spk_id: row.id,
      quotation_id: site.quotationId,
      quotation_number: site.quotationNumber,
      site_key: site.siteKey,
      name: site.name,
      province_code: site.provinceCode,
      city_code: site.cityCode,
      placement: site.address,
      ump: wage?.ump ?? null,
      umk: wage?.umk ?? null,
      headcount: site.headcount,
    });
  }
  await logSystemActivity(trx, lead, 'SPK', `SPK ${number} created`, principal.userId);
  if ((lead.statusId as number) < SPK_LEAD_STATUS)
    await changeLeadStatus(trx, lead.id, SPK_LEAD_STATUS, `SPK ${number}`, principal.userId);
  const record = spkRecord(row);
  return record;
}

// The sites still in an SPK (not removed or sent back).
export function liveSpkSites(
  knex: Knex,
  spkId: number,
): Promise<Array<{ id: number; quotation_id: number; site_key: string }>> {
  return knex('spk_sites').where({ spk_id: spkId }).whereNull('removed_at').select('id', 'quotation_id', 'site_key');
}
