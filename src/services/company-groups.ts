// Company groups (crm.md §3): related companies (leads) under one name; a lead is in at most one group (NEW:
import type { Knex } from 'knex';
import type { Principal } from '../auth/principal';
import { conflict, notFound } from '../errors';
import { isUniqueViolation } from '../db/references';
import { recordAudit } from '../db/audit';

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
