// Administration of users, roles, role permissions and entities (menu `role_access` / `master_data`).
import type { Knex } from 'knex';
import { hashPassword } from '../auth/passwords';
import { requireAbility } from '../auth/guards';
import { paginate } from '../db/listing';
import { conflict, notFound } from '../errors';
import { isUniqueViolation, requireReferences } from '../db/references';
import { requireReference } from '../db/references';
import type { ServiceDeps, ServiceInput } from './deps';
import type { Principal } from '../auth/principal';

export const ENTITY_COLUMNS = [
  'id',
  'code',
  'name',
  'address',
  'phone',
  'email',
  'director_name as directorName',
  'is_active as isActive',
];

export const USER_COLUMNS = [
  'u.id',
  'u.email',
  'u.username',
  'u.full_name as fullName',
  'u.role_id as roleId',
  'r.code as roleCode',
  'u.branch_id as branchId',
  'u.is_active as isActive',
  'u.created_at as createdAt',
  'u.updated_at as updatedAt',
];

export function userQuery(knex: Knex) {
  return knex('users as u').join('roles as r', 'r.id', 'u.role_id').select(USER_COLUMNS);
}

export async function userWithEntities(knex: Knex, id: number) {
  const user = await userQuery(knex).where('u.id', id).first();
  if (!user) throw notFound(`user ${id}`);
  return {
    ...user,
    entityIds: await knex('user_entities').where({ user_id: id }).orderBy('entity_id').pluck('entity_id'),
  };
}

export function uniqueUserConflict(error: unknown): never {
  if (isUniqueViolation(error, 'users_email_unique'))
    throw conflict('email already in use', [{ field: 'email', message: 'email already in use' }]);
  if (isUniqueViolation(error, 'users_username_unique'))
    throw conflict('username already in use', [{ field: 'username', message: 'username already in use' }]);
  throw error;
}

export async function checkUserReferences(
  trx: Knex.Transaction,
  body: { roleId?: number; branchId?: number | null; entityIds?: number[] },
) {
  if (body.roleId !== undefined) await requireReference(trx, 'roles', body.roleId, 'roleId');
  if (body.branchId) await requireReference(trx, 'branches', body.branchId, 'branchId');
  if (body.entityIds?.length) await requireReferences(trx, 'entities', body.entityIds, 'entityIds');
}

export async function replaceEntities(trx: Knex.Transaction, userId: number, entityIds?: number[]) {
  if (entityIds === undefined) return;
  await trx('user_entities').where({ user_id: userId }).delete();
  if (entityIds.length)
    await trx('user_entities').insert([...new Set(entityIds)].map((entity_id) => ({ user_id: userId, entity_id })));
}

export function entityRow(body: Record<string, unknown>, userId: number) {
  const map: Record<string, string> = {
    code: 'code',
    name: 'name',
    address: 'address',
    phone: 'phone',
    email: 'email',
    directorName: 'director_name',
    isActive: 'is_active',
  };
  const row: Record<string, unknown> = { updated_by: userId, updated_at: new Date() };
  for (const [key, column] of Object.entries(map)) if (body[key] !== undefined) row[column] = body[key];
  return row;
}

// GET /api/admin/users
export async function getAdminUsers(deps: ServiceDeps, principal: Principal, { query }: ServiceInput) {
  requireAbility(principal, 'read', 'User');
  const q = userQuery(deps.knex).orderBy('u.id');
  if (query.search)
    q.where((w) =>
      w
        .whereILike('u.full_name', `%${query.search}%`)
        .orWhereILike('u.email', `%${query.search}%`)
        .orWhereILike('u.username', `%${query.search}%`),
    );
  if (query.roleId) q.where('u.role_id', query.roleId);
  return paginate(q, query.page, query.pageSize);
}

// GET /api/admin/users/:id
export async function getAdminUsersById(deps: ServiceDeps, principal: Principal, { params }: ServiceInput) {
  requireAbility(principal, 'read', 'User');
  return userWithEntities(deps.knex, params.id);
}

// POST /api/admin/users
export async function postAdminUsers(deps: ServiceDeps, principal: Principal, { body }: ServiceInput) {
  requireAbility(principal, 'create', 'User');
  const id = await deps.knex.transaction(async (trx) => {
    await checkUserReferences(trx, body);
    const [row] = await trx('users')
      .insert({
        email: body.email,
        username: body.username,
        full_name: body.fullName,
        password_hash: await hashPassword(body.password),
        role_id: body.roleId,
        branch_id: body.branchId ?? null,
        created_by: principal.userId,
        updated_by: principal.userId,
      })
      .returning('id')
      .catch(uniqueUserConflict);
    await replaceEntities(trx, row.id, body.entityIds);
    return row.id as number;
  });
  return userWithEntities(deps.knex, id);
}

// PATCH /api/admin/users/:id
export async function patchAdminUsers(deps: ServiceDeps, principal: Principal, { params, body }: ServiceInput) {
  requireAbility(principal, 'update', 'User');
  await deps.knex.transaction(async (trx) => {
    if (!(await trx('users').where({ id: params.id }).forUpdate().first())) throw notFound(`user ${params.id}`);
    await checkUserReferences(trx, body);
    const patch: Record<string, unknown> = { updated_by: principal.userId, updated_at: new Date() };
    if (body.email !== undefined) patch.email = body.email;
    if (body.fullName !== undefined) patch.full_name = body.fullName;
    if (body.roleId !== undefined) patch.role_id = body.roleId;
    if (body.branchId !== undefined) patch.branch_id = body.branchId;
    if (body.isActive !== undefined) patch.is_active = body.isActive;
    if (body.password !== undefined) patch.password_hash = await hashPassword(body.password);
    await trx('users').where({ id: params.id }).update(patch).catch(uniqueUserConflict);
    await replaceEntities(trx, params.id, body.entityIds);
  });
  return userWithEntities(deps.knex, params.id);
}

// GET /api/entities
export async function getEntities(deps: ServiceDeps, principal: Principal) {
  const q = deps.knex('entities').select(ENTITY_COLUMNS).orderBy('code');
  if (principal.entityIds.length) q.whereIn('id', principal.entityIds);
  return q;
}
