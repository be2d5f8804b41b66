// Dropdown lists for the client (master-data.md §9): small, unpaged, open to any signed-in user.
import type { Knex } from 'knex';
import type { ServiceDeps, ServiceInput } from './deps';
import { SELLING_ROLES } from '../domain/lead-assignment';

// Entities, optionally only those that may contract a service line (master-data.md §1.1).
export function entities(knex: Knex, serviceLineId?: number) {
  const q = knex('entities as e').where('e.is_active', true).select('e.id', 'e.code', 'e.name').orderBy('e.code');
  if (serviceLineId)
    q.join('entity_service_lines as l', 'l.entity_id', 'e.id').where('l.service_line_id', serviceLineId);
  return q;
}

// GET /api/options/entities
export async function getOptionsEntities(deps: ServiceDeps, { query }: ServiceInput) {
  return { data: await entities(deps.knex, query.serviceLineId) };
}

// GET /api/options/sales-users
export async function getOptionsSalesUsers(deps: ServiceDeps, { query }: ServiceInput) {
  const q = deps
    .knex('users as u')
    .join('roles as r', 'r.id', 'u.role_id')
    .whereIn('r.code', SELLING_ROLES)
    .where('u.is_active', true)
    .select('u.id', 'u.full_name as fullName', 'u.branch_id as branchId', 'r.code as roleCode')
    .orderBy('u.full_name');
  if (query.branchId) q.where('u.branch_id', query.branchId);
  return { data: await q };
}

// Where an option list's rows come from.
export interface OptionSource {
  table: string;
  columns: string[];
  orderBy: string;
  live?: 'soft-delete' | 'is-active';
  parent?: { param: string; column: string };
}

// The rows of one option list: live rows only, narrowed to the parent when one is given.
export function optionRows(knex: Knex, list: OptionSource, query: Record<string, string | number>) {
  const q = knex(list.table).select(list.columns).orderBy(list.orderBy);
  if (list.live === 'soft-delete') q.whereNull('deleted_at');
  if (list.live === 'is-active') q.where({ is_active: true });
  if (list.parent && query[list.parent.param] !== undefined) q.where(list.parent.column, query[list.parent.param]);
  return q;
}
