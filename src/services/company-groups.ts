// Company groups (crm.md §3): related companies (leads) under one name; a lead is in at most one group (NEW:
// enforced by a unique index, also on bulk assignment). Read with the leads menu, changed with its edit flag.
import type { Knex } from 'knex';
import type { Principal } from '../auth/principal';
import { conflict, notFound, invalid } from '../errors';
import { isUniqueViolation } from '../db/references';
import { recordAudit } from '../db/audit';
import { requireAbility } from '../auth/guards';
import { containing, paginate } from '../db/listing';
import type { ServiceDeps, ServiceInput } from './deps';

export const counted = <T extends { companyCount: string | number }>(row: T) => ({
  ...row,
  companyCount: Number(row.companyCount),
});

export function groups(knex: Knex | Knex.Transaction) {
  return knex('company_groups as g').select(
    'g.id',
    'g.name',
    'g.created_at as createdAt',
    'g.updated_at as updatedAt',
    knex('company_group_members as m').whereRaw('m.group_id = g.id').count('*').as('companyCount'),
  );
}

export async function group(knex: Knex | Knex.Transaction, groupId: number) {
  const row = await groups(knex).where('g.id', groupId).first();
  if (!row) throw notFound(`company group ${groupId}`);
  return counted(row);
}

export function members(knex: Knex | Knex.Transaction, groupId: number) {
  return knex('company_group_members as m')
    .join('leads as l', 'l.id', 'm.lead_id')
    .leftJoin('cities as c', 'c.code', 'l.city_code')
    .leftJoin('company_types as t', 't.id', 'l.company_type_id')
    .leftJoin('lead_statuses as s', 's.id', 'l.status_id')
    .where('m.group_id', groupId)
    .orderBy('l.company_name')
    .select(
      'l.id as leadId',
      'l.code',
      'l.company_name as companyName',
      'c.name as cityName',
      'l.pic_name as picName',
      'l.pic_phone as picPhone',
      'l.pic_email as picEmail',
      't.name as companyTypeName',
      's.name as statusName',
      's.background_color as statusBackgroundColor',
      's.font_color as statusFontColor',
    );
}

export function ungrouped(knex: Knex) {
  return knex('leads as l')
    .leftJoin('cities as c', 'c.code', 'l.city_code')
    .whereNull('l.deleted_at')
    .whereNotExists((sub) => sub.from('company_group_members as m').whereRaw('m.lead_id = l.id'))
    .select('l.id as leadId', 'l.code', 'l.company_name as companyName', 'c.name as cityName')
    .orderBy('l.company_name')
    .limit(50);
}

// Adds leads to a group, reporting those already in a group and those that do not exist.
export async function addMembers(trx: Knex.Transaction, principal: Principal, groupId: number, leadIds: number[]) {
  const existing: number[] = await trx('leads').whereIn('id', leadIds).whereNull('deleted_at').pluck('id');
  const taken = await trx('company_group_members as m')
    .join('company_groups as g', 'g.id', 'm.group_id')
    .whereIn('m.lead_id', existing)
    .select('m.lead_id as leadId', 'g.id as groupId', 'g.name as groupName');
  const free = existing.filter((l) => !taken.some((t) => t.leadId === l));
  if (free.length)
    await trx('company_group_members').insert(
      free.map((lead_id) => ({ group_id: groupId, lead_id, created_by: principal.userId })),
    );
  for (const leadId of free)
    await recordAudit(trx, 'company_group_members', leadId, 'create', principal.userId, null, { groupId, leadId });
  return { added: free, alreadyGrouped: taken, notFound: leadIds.filter((l) => !existing.includes(l)) };
}

export function uniqueName(error: unknown): never {
  if (isUniqueViolation(error, 'company_groups_name_unique'))
    throw conflict('a group with this name exists', [{ field: 'name', message: 'name already in use' }]);
  throw error;
}

export const reader = (principal: Principal) => {
  requireAbility(principal, 'read', 'Lead');
  return principal;
};

export const writer = (principal: Principal) => {
  requireAbility(principal, 'update', 'Lead');
  return principal;
};

// GET /api/company-groups
export async function getCompanyGroups(deps: ServiceDeps, principal: Principal, { query }: ServiceInput) {
  reader(principal);
  const q = groups(deps.knex).orderBy('g.name');
  if (query.q) q.whereILike('g.name', containing(query.q));
  const page = await paginate<{ companyCount: string }>(q, query.page, query.pageSize);
  return { ...page, data: page.data.map(counted) };
}

// GET /api/company-groups/statistics
export async function getCompanyGroupsStatistics(deps: ServiceDeps, principal: Principal) {
  reader(principal);
  const knex = deps.knex;
  const [{ n: total }] = await knex('company_groups').count({ n: '*' });
  const [{ n: grouped }] = await knex('company_group_members').count({ n: '*' });
  const [{ n: live }] = await knex('leads').whereNull('deleted_at').count({ n: '*' });
  const [{ n: groupedLive }] = await knex('company_group_members as m')
    .join('leads as l', 'l.id', 'm.lead_id')
    .whereNull('l.deleted_at')
    .count({ n: '*' });
  const largest = await groups(knex).orderBy('companyCount', 'desc').orderBy('g.id').first();
  const recent = await groups(knex).orderBy('g.created_at', 'desc').orderBy('g.id', 'desc').limit(5);
  return {
    groups: Number(total),
    companiesInGroups: Number(grouped),
    companiesWithoutGroup: Number(live) - Number(groupedLive),
    largestGroup: largest ? counted(largest) : null,
    recentGroups: recent.map(counted),
  };
}

// GET /api/company-groups/recommendations
export async function getCompanyGroupsRecommendations(
  deps: ServiceDeps,
  principal: Principal,
  { query }: ServiceInput,
) {
  reader(principal);
  return { data: await ungrouped(deps.knex).whereILike('l.company_name', containing(query.keyword)) };
}

// GET /api/company-groups/:id
export async function getCompanyGroupsById(deps: ServiceDeps, principal: Principal, { params }: ServiceInput) {
  reader(principal);
  return { ...(await group(deps.knex, params.id)), companies: await members(deps.knex, params.id) };
}

// GET /api/company-groups/:id/available-companies
export async function getCompanyGroupsAvailableCompanies(
  deps: ServiceDeps,
  principal: Principal,
  { params, query }: ServiceInput,
) {
  reader(principal);
  await group(deps.knex, params.id);
  return {
    data: await ungrouped(deps.knex).where((w) =>
      w.whereILike('l.company_name', containing(query.keyword)).orWhereILike('c.name', containing(query.keyword)),
    ),
  };
}

// POST /api/company-groups
export async function postCompanyGroups(deps: ServiceDeps, principal: Principal, { body }: ServiceInput) {
  writer(principal);
  try {
    return await deps.knex.transaction(async (trx) => {
      const [{ id: groupId }] = await trx('company_groups')
        .insert({ name: body.name, created_by: principal.userId, updated_by: principal.userId })
        .returning('id');
      await recordAudit(trx, 'company_groups', groupId, 'create', principal.userId, null, { name: body.name });
      const report = await addMembers(trx, principal, groupId, body.leadIds);
      return { group: await group(trx, groupId), ...report };
    });
  } catch (error) {
    uniqueName(error);
  }
}

// PATCH /api/company-groups/:id
export async function patchCompanyGroups(deps: ServiceDeps, principal: Principal, { params, body }: ServiceInput) {
  writer(principal);
  try {
    return await deps.knex.transaction(async (trx) => {
      const before = await group(trx, params.id);
      await trx('company_groups')
        .where({ id: params.id })
        .update({ name: body.name, updated_by: principal.userId, updated_at: trx.fn.now() });
      await recordAudit(trx, 'company_groups', params.id, 'update', principal.userId, before, { name: body.name });
      return group(trx, params.id);
    });
  } catch (error) {
    uniqueName(error);
  }
}

// DELETE /api/company-groups/:id
export async function deleteCompanyGroups(deps: ServiceDeps, principal: Principal, { params }: ServiceInput) {
  writer(principal);
  await deps.knex.transaction(async (trx) => {
    const before = await group(trx, params.id);
    await trx('company_groups').where({ id: params.id }).delete();
    await recordAudit(trx, 'company_groups', params.id, 'delete', principal.userId, before, null);
  });
  return undefined;
}

// POST /api/company-groups/bulk-assign
export async function postCompanyGroupsBulkAssign(deps: ServiceDeps, principal: Principal, { body }: ServiceInput) {
  writer(principal);
  return deps.knex.transaction(async (trx) => {
    const results = [];
    for (const [index, a] of (body.assignments as Array<{ groupId: number; leadIds: number[] }>).entries()) {
      if (!(await trx('company_groups').where({ id: a.groupId }).first()))
        throw invalid([{ field: `assignments.${index}.groupId`, message: `group ${a.groupId} does not exist` }]);
      results.push({ groupId: a.groupId, ...(await addMembers(trx, principal, a.groupId, a.leadIds)) });
    }
    return { results };
  });
}

// POST /api/company-groups/bulk-remove
export async function postCompanyGroupsBulkRemove(deps: ServiceDeps, principal: Principal, { body }: ServiceInput) {
  writer(principal);
  return deps.knex.transaction(async (trx) => {
    const removed: number[] = await trx('company_group_members')
      .whereIn('lead_id', body.leadIds)
      .delete()
      .returning('lead_id')
      .then((rows) => rows.map((r: { lead_id: number }) => r.lead_id));
    for (const leadId of removed)
      await recordAudit(trx, 'company_group_members', leadId, 'delete', principal.userId, null, null);
    return { removed, notGrouped: (body.leadIds as number[]).filter((l) => !removed.includes(l)) };
  });
}

// DELETE /api/company-groups/:id/companies/:leadId
export async function deleteCompanyGroupsCompanies(deps: ServiceDeps, principal: Principal, { params }: ServiceInput) {
  writer(principal);
  await deps.knex.transaction(async (trx) => {
    const removed = await trx('company_group_members').where({ group_id: params.id, lead_id: params.leadId }).delete();
    if (!removed) throw notFound(`company ${params.leadId} in group ${params.id}`);
    await recordAudit(
      trx,
      'company_group_members',
      params.leadId,
      'delete',
      principal.userId,
      { groupId: params.id },
      null,
    );
  });
  return undefined;
}
