// SPK, the work order (domain/contracts.md §4): made from approved quotations' sites, one run per SPK; the
import type { ServiceDeps } from './deps';
import type { Knex } from 'knex';
import type { Principal } from '../auth/principal';
import { findLead } from '../db/leads';
import { quotationSites } from '../db/quotation-sites';
import { jakartaDate } from '../domain/jakarta-time';
import { spkRecord } from '../../activities/spk';
import { applyReadScope } from '../db/read-scope';
import { requireAbility, requireRowAbility } from '../auth/guards';
import { containing, paginate } from '../db/listing';
import type { ServiceInput } from './deps';

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
  if (query.q)
    q.where((w) =>
      w
        .whereILike('s.customer_name', containing(query.q))
        .orWhereILike('s.number', containing(query.q))
        .orWhereILike('u.full_name', containing(query.q)),
    );
  else {
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
