// What's next for the sales team (issue 16): leads whose approved sites wait for an SPK, signed SPKs whose sites wait
// for a contract, contracts nearing their end and where their renewal stands, and what a revision, renewal or
// addendum can be made from. Each list is in the caller's read scope, oldest wait (or soonest end) first.
import type { Knex } from 'knex';
import type { Principal } from '../auth/principal';
import { requireAbility } from '../auth/guards';
import { containing, paginate } from '../db/listing';
import { applyReadScope } from '../db/read-scope';
import type { ServiceDeps, ServiceInput } from './deps';
import { REFERENCE_STATUSES } from './quotations';
import { SITE_HAS_CONTRACT, SITE_HAS_SPK } from './sites';

const TODAY = `(now() AT TIME ZONE 'Asia/Jakarta')::date`;
const OPEN_QUOTATION = ['draft', 'submitted', 'approved'];

interface ListQuery {
  page: number;
  pageSize: number;
  q?: string;
  branchId?: number;
}

function narrow(query: Knex.QueryBuilder, list: ListQuery, lead = 'l') {
  if (list.branchId) query.where(`${lead}.branch_id`, list.branchId);
  if (list.q) {
    const like = containing(list.q);
    query.where((w) => w.whereILike(`${lead}.company_name`, like).orWhereILike(`${lead}.code`, like));
  }
  return query;
}

// GET /api/pipeline/awaiting-spk
export async function getPipelineAwaitingSpk(deps: ServiceDeps, principal: Principal, { query }: ServiceInput) {
  requireAbility(principal, 'read', 'Quotation');
  const knex = deps.knex;
  const waiting = applyReadScope(knex('quotations as q'), principal, 'Quotation', 'q')
    .join('leads as l', 'l.id', 'q.lead_id')
    .join('quotation_steps as st', (j) => j.on('st.quotation_id', 'q.id').andOnVal('st.step', 3))
    .joinRaw(`CROSS JOIN LATERAL jsonb_array_elements(st.data->'sites') AS s(site)`)
    .leftJoin('users as u', 'u.id', 'q.sales_user_id')
    .whereNull('l.deleted_at')
    .where('q.status', 'approved')
    .whereRaw(`NOT ${SITE_HAS_SPK}`)
    .whereRaw(`NOT ${SITE_HAS_CONTRACT}`)
    .groupBy('l.id', 'u.full_name')
    .select(
      'l.id as leadId',
      'l.code as leadCode',
      'l.company_name as companyName',
      'u.full_name as salesName',
      knex.raw('count(DISTINCT q.id)::int as quotations'),
      knex.raw('count(*)::int as sites'),
      knex.raw(`array_agg(DISTINCT q.number ORDER BY q.number) as "quotationNumbers"`),
      knex.raw('min(q.approved_at) as "approvedSince"'),
      knex.raw(`(${TODAY} - min((q.approved_at AT TIME ZONE 'Asia/Jakarta')::date))::int as "daysWaiting"`),
    );
  narrow(waiting, query);
  return paginate(
    knex.from(waiting.as('w')).orderBy('daysWaiting', 'desc').orderBy('leadId'),
    query.page,
    query.pageSize,
  );
}

// GET /api/pipeline/awaiting-pks
export async function getPipelineAwaitingPks(deps: ServiceDeps, principal: Principal, { query }: ServiceInput) {
  requireAbility(principal, 'read', 'Spk');
  const knex = deps.knex;
  const free = knex('spk_sites as x')
    .whereRaw('x.spk_id = k.id')
    .whereNull('x.removed_at')
    .whereNotExists((p) => p.from('pks_sites as p').whereRaw('p.spk_site_id = x.id').whereNull('p.released_at'));
  const signedAt = knex('spk_signed_files as f').whereRaw('f.spk_id = k.id').max('f.uploaded_at');
  const waiting = applyReadScope(knex('spks as k'), principal, 'Spk', 'k')
    .join('leads as l', 'l.id', 'k.lead_id')
    .leftJoin('users as u', 'u.id', 'k.sales_user_id')
    .where('k.status', 'signed')
    .whereExists(free.clone().select(knex.raw('1')))
    .select(
      'k.id as spkId',
      'k.number as spkNumber',
      'l.id as leadId',
      'l.code as leadCode',
      'l.company_name as companyName',
      'u.full_name as salesName',
      knex.raw(`(${free.clone().count('*').toQuery()})::int as sites`),
      knex.raw(`(${free.clone().sum('x.headcount').toQuery()})::int as headcount`),
      knex.raw(`(${signedAt.toQuery()}) as "signedAt"`),
      knex.raw(
        `(${TODAY} - (coalesce((${signedAt.toQuery()}), k.updated_at) AT TIME ZONE 'Asia/Jakarta')::date)::int as "daysWaiting"`,
      ),
    );
  narrow(waiting, query);
  return paginate(
    knex.from(waiting.as('w')).orderBy('daysWaiting', 'desc').orderBy('spkId'),
    query.page,
    query.pageSize,
  );
}

// GET /api/pipeline/renewals
export async function getPipelineRenewals(deps: ServiceDeps, principal: Principal, { query }: ServiceInput) {
  requireAbility(principal, 'read', 'Pks');
  const knex = deps.knex;
  const renewalPks = knex('pks as r')
    .whereRaw('r.parent_pks_id = p.id')
    .where('r.type', 'rekontrak')
    .whereNot('r.status', 'cancelled')
    .orderBy('r.id', 'desc')
    .limit(1);
  const renewalQuotation = knex('quotations as rq')
    .whereRaw('rq.parent_quotation_id = p.primary_quotation_id')
    .where('rq.type', 'rekontrak')
    .whereIn('rq.status', [...OPEN_QUOTATION, 'converted'])
    .orderBy('rq.id', 'desc')
    .limit(1);
  const ending = applyReadScope(knex('pks as p'), principal, 'Pks', 'p')
    .join('leads as l', 'l.id', 'p.lead_id')
    .leftJoin('users as u', 'u.id', 'p.sales_user_id')
    .where('p.status', 'active')
    .whereIn('p.type', ['baru', 'rekontrak'])
    .whereRaw(`p.contract_end - ${TODAY} <= ?`, [query.withinDays])
    .select(
      'p.id as pksId',
      'p.number as pksNumber',
      'l.id as leadId',
      'l.code as leadCode',
      'l.company_name as companyName',
      'u.full_name as salesName',
      'p.contract_end as contractEnd',
      knex.raw(`(p.contract_end - ${TODAY})::int as "daysLeft"`),
      knex.raw(
        `(${renewalQuotation.clone().select(knex.raw(`json_build_object('id', rq.id, 'number', rq.number, 'status', rq.status)`)).toQuery()}) as "renewalQuotation"`,
      ),
      knex.raw(
        `(${renewalPks.clone().select(knex.raw(`json_build_object('id', r.id, 'number', r.number, 'status', r.status)`)).toQuery()}) as "renewalPks"`,
      ),
    );
  narrow(ending, query);
  if (query.withoutRenewal)
    ending
      .whereNotExists(renewalPks.clone().select(knex.raw('1')))
      .whereNotExists(renewalQuotation.clone().select(knex.raw('1')));
  return paginate(knex.from(ending.as('e')).orderBy('contractEnd').orderBy('pksId'), query.page, query.pageSize);
}

// GET /api/pipeline/eligible: what a new revisi / rekontrak / addendum quotation can reference (its
// referenceQuotationId), leaving out references that already have an open one of that type.
export async function getPipelineEligible(deps: ServiceDeps, principal: Principal, { query }: ServiceInput) {
  requireAbility(principal, 'read', 'Quotation');
  const knex = deps.knex;
  const type: 'revisi' | 'rekontrak' | 'addendum' = query.type;
  const openOfType = knex('quotations as o')
    .whereRaw('o.parent_quotation_id = q.id')
    .where('o.type', type)
    .whereIn('o.status', ['draft', 'submitted'])
    .select(knex.raw('1'));
  const rows = applyReadScope(knex('quotations as q'), principal, 'Quotation', 'q')
    .join('leads as l', 'l.id', 'q.lead_id')
    .leftJoin('users as u', 'u.id', 'q.sales_user_id')
    .whereNull('l.deleted_at')
    .whereIn('q.status', REFERENCE_STATUSES[type])
    .whereNotExists(openOfType)
    .select(
      'q.id as referenceQuotationId',
      'q.number as referenceNumber',
      'q.status as referenceStatus',
      'l.id as leadId',
      'l.code as leadCode',
      'l.company_name as companyName',
      'u.full_name as salesName',
    );
  if (type !== 'revisi') {
    // A renewal or addendum continues an active contract priced by the reference.
    rows
      .join('pks as p', 'p.primary_quotation_id', 'q.id')
      .where('p.status', 'active')
      .whereIn('p.type', ['baru', 'rekontrak'])
      .select('p.id as pksId', 'p.number as pksNumber', 'p.contract_end as contractEnd');
  }
  narrow(rows, query);
  return paginate(rows.orderBy('q.id', 'desc'), query.page, query.pageSize);
}
