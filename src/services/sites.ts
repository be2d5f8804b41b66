// The site list (crm.md §2): every site the quotations of leads in the caller's scope price, with where it is, who
// priced it and how far it went — ordered in an SPK, placed under a contract. Sites live in the quotations' step-3
// documents, so the list unfolds them in SQL rather than copying them into a table of their own.
import { applyReadScope } from '../db/read-scope';
import { requireAbility } from '../auth/guards';
import { containing, paginate } from '../db/listing';
import { invalid } from '../errors';
import { applyLeadColumnFilters } from './leads';
import type { ServiceDeps, ServiceInput } from './deps';
import type { Principal } from '../auth/principal';

// Superseded quotations handed their sites to the revision that replaced them; cancelled ones priced nothing.
export const LISTED_QUOTATION_STATUSES = ['draft', 'submitted', 'approved', 'converted', 'expired'];

// Whether a live SPK site / a contract site (its own or through its SPK site) holds site `s.site` of quotation `q`.
export const SITE_HAS_SPK = `EXISTS (SELECT 1 FROM spk_sites ks JOIN spks k ON k.id = ks.spk_id WHERE ks.quotation_id = q.id AND ks.site_key = s.site->>'key' AND ks.removed_at IS NULL AND k.status <> 'cancelled')`;
export const SITE_HAS_CONTRACT = `EXISTS (SELECT 1 FROM pks_sites cs JOIN pks ct ON ct.id = cs.pks_id LEFT JOIN spk_sites os ON os.id = cs.spk_site_id
    WHERE coalesce(cs.quotation_id, os.quotation_id) = q.id AND coalesce(cs.site_key, os.site_key) = s.site->>'key' AND ct.status <> 'cancelled')`;

// GET /api/sites
export async function getSites(deps: ServiceDeps, principal: Principal, { query }: ServiceInput) {
  requireAbility(principal, 'read', 'Lead');
  if (query.dateFrom && query.dateTo && query.dateTo < query.dateFrom)
    throw invalid([{ field: 'dateTo', message: 'dateTo cannot be before dateFrom' }]);
  const knex = deps.knex;
  const [hasSpk, hasContract] = [SITE_HAS_SPK, SITE_HAS_CONTRACT];
  const rows = knex('quotations as q')
    .join('leads as l', 'l.id', 'q.lead_id')
    .join('quotation_steps as st', (j) => j.on('st.quotation_id', 'q.id').andOnVal('st.step', 3))
    .joinRaw(`CROSS JOIN LATERAL jsonb_array_elements(st.data->'sites') AS s(site)`)
    .leftJoin('cities as c', 'c.code', knex.raw(`s.site->>'cityCode'`))
    .leftJoin('provinces as p', 'p.code', knex.raw(`s.site->>'provinceCode'`))
    .leftJoin('users as u', 'u.id', 'q.created_by')
    .whereNull('l.deleted_at')
    .whereIn('q.status', LISTED_QUOTATION_STATUSES)
    .select(
      'l.id as leadId',
      'l.code as leadCode',
      'l.company_name as companyName',
      'q.id as quotationId',
      'q.number as quotationNumber',
      'q.status as quotationStatus',
      knex.raw(`s.site->>'key' as "siteKey"`),
      knex.raw(`s.site->>'name' as name`),
      knex.raw(`s.site->>'provinceCode' as "provinceCode"`),
      'p.name as provinceName',
      knex.raw(`s.site->>'cityCode' as "cityCode"`),
      'c.name as cityName',
      knex.raw(`s.site->>'address' as placement`),
      'q.created_by as createdBy',
      'u.full_name as createdByName',
      'q.created_at as createdAt',
      knex.raw(`${hasSpk} as "hasSpk"`),
      knex.raw(`${hasContract} as "hasContract"`),
    );
  applyReadScope(rows, principal, 'Lead', 'l');
  if (query.q) {
    const like = containing(query.q);
    rows.where((w) =>
      w
        .whereILike('l.company_name', like)
        .orWhereILike('l.code', like)
        .orWhereILike('q.number', like)
        .orWhereRaw(`s.site->>'name' ILIKE ?`, [like]),
    );
  }
  applyLeadColumnFilters(rows, query);
  if (query.leadId) rows.where('l.id', query.leadId);
  if (query.hasSpk !== undefined) rows.whereRaw(query.hasSpk ? hasSpk : `NOT ${hasSpk}`);
  if (query.hasContract !== undefined) rows.whereRaw(query.hasContract ? hasContract : `NOT ${hasContract}`);
  return paginate(
    rows.orderBy('l.company_name').orderBy('q.id', 'desc').orderByRaw(`s.site->>'key'`),
    query.page,
    query.pageSize,
  );
}
