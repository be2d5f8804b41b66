// Lead reads and the writes shared by lead creation, child leads, import and assignment: one place that knows
// how a lead is stored with its service lines, status history and system activities.
import type { Knex } from 'knex';
import {
  comparable,
  findDuplicates,
  type ComparableName,
  type DuplicateMatch,
} from '../domain/company-name-similarity';
import { activitySequenceKey, formatActivityNumber } from '../domain/activity-number';
import { jakartaDate, jakartaYearMonth } from '../domain/jakarta-time';
import type { LinePlan } from '../domain/lead-assignment';
import { leadCodeFromNumber } from '../domain/lead-code';
import { nextSequence } from './document-sequences';

export const CUSTOMER_STATUS = 102;

export const LEAD_COLUMNS = {
  companyName: 'company_name',
  leadDate: 'lead_date',
  branchId: 'branch_id',
  parentLeadId: 'parent_lead_id',
  phone: 'phone',
  companyTypeId: 'company_type_id',
  businessSectorId: 'business_sector_id',
  legalFormId: 'legal_form_id',
  foreignCapital: 'foreign_capital',
  address: 'address',
  provinceCode: 'province_code',
  cityCode: 'city_code',
  districtCode: 'district_code',
  villageCode: 'village_code',
  picName: 'pic_name',
  picTitleId: 'pic_title_id',
  picPhone: 'pic_phone',
  picEmail: 'pic_email',
  sourceId: 'source_id',
  notes: 'notes',
} as const;
export type LeadField = keyof typeof LEAD_COLUMNS;

const SELECT = [
  'l.id',
  'l.code',
  'l.company_name as companyName',
  'l.lead_date as leadDate',
  'l.branch_id as branchId',
  'b.name as branchName',
  'l.parent_lead_id as parentLeadId',
  'l.phone',
  'l.company_type_id as companyTypeId',
  'ct.name as companyTypeName',
  'ct.risk_level as companyRiskLevel',
  'l.business_sector_id as businessSectorId',
  'bs.name as businessSectorName',
  'l.legal_form_id as legalFormId',
  'l.foreign_capital as foreignCapital',
  'l.address',
  'l.province_code as provinceCode',
  'p.name as provinceName',
  'l.city_code as cityCode',
  'c.name as cityName',
  'l.district_code as districtCode',
  'd.name as districtName',
  'l.village_code as villageCode',
  'v.name as villageName',
  'l.pic_name as picName',
  'l.pic_title_id as picTitleId',
  'pt.name as picTitleName',
  'l.pic_phone as picPhone',
  'l.pic_email as picEmail',
  'l.source_id as sourceId',
  'src.name as sourceName',
  'l.status_id as statusId',
  'st.name as statusName',
  'st.background_color as statusBackgroundColor',
  'st.font_color as statusFontColor',
  'l.notes',
  'l.is_active as isActive',
  'l.owner_user_id as mainSalesUserId',
  'ms.full_name as mainSalesName',
  'l.created_by as createdBy',
  'cu.full_name as createdByName',
  'l.created_at as createdAt',
  'l.updated_at as updatedAt',
  'l.deleted_at as deletedAt',
];

export function leadQuery(db: Knex | Knex.Transaction): Knex.QueryBuilder {
  return db('leads as l')
    .leftJoin('branches as b', 'b.id', 'l.branch_id')
    .leftJoin('company_types as ct', 'ct.id', 'l.company_type_id')
    .leftJoin('business_sectors as bs', 'bs.id', 'l.business_sector_id')
    .leftJoin('provinces as p', 'p.code', 'l.province_code')
    .leftJoin('cities as c', 'c.code', 'l.city_code')
    .leftJoin('districts as d', 'd.code', 'l.district_code')
    .leftJoin('villages as v', 'v.code', 'l.village_code')
    .leftJoin('pic_titles as pt', 'pt.id', 'l.pic_title_id')
    .leftJoin('lead_sources as src', 'src.id', 'l.source_id')
    .leftJoin('lead_statuses as st', 'st.id', 'l.status_id')
    .leftJoin('users as ms', 'ms.id', 'l.owner_user_id')
    .leftJoin('users as cu', 'cu.id', 'l.created_by')
    .select(SELECT);
}

export interface ServiceLineRow {
  leadId: number;
  leadServiceLineId: number;
  serviceLineId: number;
  serviceLineName: string;
  salesUserId: number | null;
  salesName: string | null;
}

export async function serviceLinesOf(db: Knex | Knex.Transaction, leadIds: number[]): Promise<ServiceLineRow[]> {
  if (!leadIds.length) return [];
  return db('lead_service_lines as ls')
    .join('service_lines as s', 's.id', 'ls.service_line_id')
    .leftJoin('users as u', 'u.id', 'ls.sales_user_id')
    .whereIn('ls.lead_id', leadIds)
    .whereNull('ls.deleted_at')
    .orderBy(['ls.lead_id', 'ls.service_line_id'])
    .select(
      'ls.lead_id as leadId',
      'ls.id as leadServiceLineId',
      'ls.service_line_id as serviceLineId',
      's.name as serviceLineName',
      'ls.sales_user_id as salesUserId',
      'u.full_name as salesName',
    );
}

export async function officersOf(db: Knex | Knex.Transaction, leadIds: number[]) {
  if (!leadIds.length) return [];
  return db('lead_officers as o')
    .join('users as u', 'u.id', 'o.user_id')
    .whereIn('o.lead_id', leadIds)
    .orderBy(['o.lead_id', 'o.kind', { column: 'o.is_primary', order: 'desc' }, 'u.full_name'])
    .select(
      'o.lead_id as leadId',
      'o.kind',
      'o.user_id as userId',
      'u.full_name as fullName',
      'o.is_primary as isPrimary',
    );
}

// Lead rows with their service lines, officers and the scope field `responsibleUserIds` row abilities test.
export async function withServiceLines<T extends { id: number; mainSalesUserId: number | null }>(
  db: Knex | Knex.Transaction,
  leads: T[],
) {
  const ids = leads.map((l) => l.id);
  const [lines, officers] = await Promise.all([serviceLinesOf(db, ids), officersOf(db, ids)]);
  return leads.map((lead) => {
    const own = lines.filter((l) => l.leadId === lead.id).map(({ leadId: _, ...rest }) => rest);
    const assigned = officers.filter((o) => o.leadId === lead.id).map(({ leadId: _, ...rest }) => rest);
    const responsibleUserIds = [
      ...new Set(
        [lead.mainSalesUserId, ...own.map((l) => l.salesUserId), ...assigned.map((o) => o.userId)].filter(
          (id): id is number => id !== null,
        ),
      ),
    ];
    return { ...lead, serviceLines: own, officers: assigned, responsibleUserIds };
  });
}

export interface LeadRow {
  id: number;
  code: string;
  companyName: string;
  branchId: number | null;
  parentLeadId: number | null;
  mainSalesUserId: number | null;
  deletedAt: Date | null;
  [field: string]: unknown;
}

export async function findLead(db: Knex | Knex.Transaction, id: number, options: { deleted?: boolean } = {}) {
  const q = leadQuery(db).where('l.id', id);
  if (options.deleted) q.whereNotNull('l.deleted_at');
  else q.whereNull('l.deleted_at');
  const row: LeadRow | undefined = await q.first();
  return row ? (await withServiceLines(db, [row]))[0] : undefined;
}

// --- duplicate rule ---

const GEO_PREFIXES =
  /^(kota administrasi|kota|kabupaten administrasi|kabupaten|provinsi|daerah khusus ibukota|daerah istimewa|daerah khusus)\s+/;
const geoCache = new WeakMap<object, Promise<Set<string>>>();

// One-word place names (villages, districts, cities, provinces), normalised: stop-words of the duplicate rule.
export function geographicWords(knex: Knex): Promise<Set<string>> {
  let words = geoCache.get(knex);
  if (!words) {
    words = (async () => {
      const { rows } = await knex.raw<{ rows: Array<{ name: string }> }>(
        'SELECT name FROM provinces UNION SELECT name FROM cities UNION SELECT name FROM districts UNION SELECT name FROM villages',
      );
      const set = new Set<string>();
      for (const { name } of rows) {
        const bare = name
          .toLowerCase()
          .replace(/[^a-z\s]/g, ' ')
          .replace(/\s+/g, ' ')
          .trim()
          .replace(GEO_PREFIXES, '');
        if (bare && !bare.includes(' ')) set.add(bare);
      }
      return set;
    })();
    geoCache.set(knex, words);
  }
  return words;
}

export async function comparableName(knex: Knex, name: string): Promise<ComparableName> {
  const geo = await geographicWords(knex);
  return comparable(name, (w) => geo.has(w));
}

export async function duplicatesOf(
  db: Knex | Knex.Transaction,
  candidate: ComparableName,
  excludeId?: number,
): Promise<DuplicateMatch[]> {
  const q = db('leads')
    .whereNull('deleted_at')
    .whereNotNull('normalized_name')
    .select('id', 'company_name as name', 'normalized_name as normalized', 'core_name');
  if (excludeId) q.whereNot('id', excludeId);
  const rows: Array<{ id: number; name: string; normalized: string; core_name: string }> = await q;
  return findDuplicates(
    candidate,
    rows.map((r) => ({
      id: r.id,
      name: r.name,
      normalized: r.normalized,
      core: r.core_name ? r.core_name.split(' ') : [],
    })),
  );
}

// --- writes ---

export async function insertLead(
  trx: Knex.Transaction,
  row: Record<string, unknown>,
  name: ComparableName,
  userId: number,
): Promise<{ id: number; code: string }> {
  // The n-th lead has code number n - 1 ('AAAAA' first), counted inside the transaction: no gaps, even after a crash.
  const handedOut = await nextSequence(trx, 'LEAD');
  const [created] = await trx('leads')
    .insert({
      ...row,
      code: leadCodeFromNumber(handedOut - 1),
      normalized_name: name.normalized,
      core_name: name.core.join(' '),
      created_by: userId,
      updated_by: userId,
    })
    .returning(['id', 'code']);
  await trx('lead_status_history').insert({
    lead_id: created.id,
    from_status_id: null,
    to_status_id: row.status_id ?? 1,
    reason: 'created',
    changed_by: userId,
  });
  return created;
}

// Makes the lead's live service lines exactly `plan`: lines not in it are soft-deleted, new ones added,
// kept ones take the planned salesperson.
export async function syncServiceLines(
  trx: Knex.Transaction,
  leadId: number,
  plan: LinePlan[],
  userId: number,
): Promise<void> {
  const live: Array<{ id: number; service_line_id: number }> = await trx('lead_service_lines')
    .where({ lead_id: leadId })
    .whereNull('deleted_at')
    .select('id', 'service_line_id');
  const wanted = new Map(plan.map((p) => [p.serviceLineId, p.salesUserId]));
  const gone = live.filter((l) => !wanted.has(l.service_line_id)).map((l) => l.id);
  if (gone.length)
    await trx('lead_service_lines').whereIn('id', gone).update({ deleted_at: trx.fn.now(), deleted_by: userId });
  for (const { serviceLineId, salesUserId } of plan) {
    const existing = live.find((l) => l.service_line_id === serviceLineId);
    if (existing)
      await trx('lead_service_lines')
        .where({ id: existing.id })
        .update({ sales_user_id: salesUserId, updated_by: userId, updated_at: trx.fn.now() });
    else
      await trx('lead_service_lines').insert({
        lead_id: leadId,
        service_line_id: serviceLineId,
        sales_user_id: salesUserId,
        created_by: userId,
        updated_by: userId,
      });
  }
}

export async function changeLeadStatus(
  trx: Knex.Transaction,
  leadId: number,
  toStatusId: number,
  reason: string,
  userId: number,
): Promise<void> {
  const lead = await trx('leads').where({ id: leadId }).forUpdate().first('status_id');
  if (lead.status_id === toStatusId) return;
  await trx('leads')
    .where({ id: leadId })
    .update({ status_id: toStatusId, updated_by: userId, updated_at: trx.fn.now() });
  await trx('lead_status_history').insert({
    lead_id: leadId,
    from_status_id: lead.status_id,
    to_status_id: toStatusId,
    reason,
    changed_by: userId,
  });
}

export async function nextActivityNumber(
  trx: Knex.Transaction,
  leadCode: string,
  serviceCode: string | null,
  at = new Date(),
): Promise<string> {
  const { year, month } = jakartaYearMonth(at);
  const prefix = activitySequenceKey(serviceCode, leadCode, year, month);
  return formatActivityNumber(prefix, await nextSequence(trx, prefix));
}

// A system event on the lead's timeline (lead created, assignment…), numbered like user activities.
// Returns the activity's number, which notifications about the same event cite.
export async function logSystemActivity(
  trx: Knex.Transaction,
  lead: { id: number; code: string; branchId: number | null },
  type: string,
  notes: string,
  userId: number,
): Promise<string> {
  const number = await nextActivityNumber(trx, lead.code, null);
  await trx('customer_activities').insert({
    number,
    lead_id: lead.id,
    branch_id: lead.branchId,
    activity_date: jakartaDate(new Date()),
    type,
    notes,
    is_user_entered: false,
    created_by: userId,
    updated_by: userId,
  });
  return number;
}
