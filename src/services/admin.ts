// Administration of users, roles, role permissions and entities (menu `role_access` / `master_data`).
import { withDescendants, type PermissionFlag } from '../domain/menu-permissions';
import { requireReferences, isUniqueViolation, requireReference } from '../db/references';
import type { Knex } from 'knex';
import { hashPassword } from '../auth/passwords';
import { requireAbility } from '../auth/guards';
import { paginate } from '../db/listing';
import { conflict, notFound } from '../errors';
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

// GET /api/admin/roles
export async function getAdminRoles(deps: ServiceDeps, principal: Principal) {
  requireAbility(principal, 'read', 'Role');
  return deps
    .knex('roles')
    .select('id', 'code', 'name', 'scope', 'legacy_id as legacyId', 'is_active as isActive')
    .orderBy('id');
}

// POST /api/admin/roles
export async function postAdminRoles(deps: ServiceDeps, principal: Principal, { body }: ServiceInput) {
  requireAbility(principal, 'create', 'Role');
  const [row] = await deps
    .knex('roles')
    .insert({
      code: body.code,
      name: body.name,
      scope: body.scope,
      created_by: principal.userId,
      updated_by: principal.userId,
    })
    .returning(['id', 'code', 'name', 'scope', 'is_active as isActive'])
    .catch((error) => {
      if (isUniqueViolation(error))
        throw conflict('role code already exists', [{ field: 'code', message: 'role code already exists' }]);
      throw error;
    });
  return row;
}

// PATCH /api/admin/roles/:id
export async function patchAdminRoles(deps: ServiceDeps, principal: Principal, { params, body }: ServiceInput) {
  requireAbility(principal, 'update', 'Role');
  const patch: Record<string, unknown> = { updated_by: principal.userId, updated_at: new Date() };
  if (body.name !== undefined) patch.name = body.name;
  if (body.scope !== undefined) patch.scope = body.scope;
  if (body.isActive !== undefined) patch.is_active = body.isActive;
  const [row] = await deps
    .knex('roles')
    .where({ id: params.id })
    .update(patch)
    .returning(['id', 'code', 'name', 'scope', 'is_active as isActive']);
  if (!row) throw notFound(`role ${params.id}`);
  return row;
}

// GET /api/admin/roles/:id/permissions
export async function getAdminRolesPermissions(deps: ServiceDeps, principal: Principal, { params }: ServiceInput) {
  requireAbility(principal, 'read', 'Role');
  const { knex } = deps;
  if (!(await knex('roles').where({ id: params.id }).first())) throw notFound(`role ${params.id}`);
  return knex('menus as m')
    .leftJoin('role_menu_permissions as p', (j) =>
      j.on('p.menu_id', 'm.id').andOn('p.role_id', knex.raw('?', [params.id])),
    )
    .whereNull('m.deleted_at')
    .orderBy('m.sort_order')
    .select(
      'm.id as menuId',
      'm.code',
      'm.name',
      'm.parent_id as parentId',
      knex.raw('coalesce(p.is_view, false) as is_view'),
      knex.raw('coalesce(p.is_add, false) as is_add'),
      knex.raw('coalesce(p.is_edit, false) as is_edit'),
      knex.raw('coalesce(p.is_delete, false) as is_delete'),
    );
}

// POST /api/admin/entities
export async function postAdminEntities(deps: ServiceDeps, principal: Principal, { body }: ServiceInput) {
  requireAbility(principal, 'create', 'Entity');
  const [row] = await deps
    .knex('entities')
    .insert({ ...entityRow(body, principal.userId), created_by: principal.userId })
    .returning(ENTITY_COLUMNS)
    .catch((error) => {
      if (isUniqueViolation(error))
        throw conflict('entity code already exists', [{ field: 'code', message: 'entity code already exists' }]);
      throw error;
    });
  return row;
}

// PATCH /api/admin/entities/:id
export async function patchAdminEntities(deps: ServiceDeps, principal: Principal, { params, body }: ServiceInput) {
  requireAbility(principal, 'update', 'Entity');
  const [row] = await deps
    .knex('entities')
    .where({ id: params.id })
    .update(entityRow(body, principal.userId))
    .returning(ENTITY_COLUMNS);
  if (!row) throw notFound(`entity ${params.id}`);
  return row;
}

// Applies permission flag changes to a role and its menus' descendants, recording the change set.
export async function changeRolePermissions(
  deps: ServiceDeps,
  principal: Principal,
  roleId: number,
  changes: Array<{ menuId: number; field: PermissionFlag; value: boolean }>,
) {
  await deps.knex.transaction(async (trx) => {
    if (!(await trx('roles').where({ id: roleId }).forUpdate().first())) throw notFound(`role ${roleId}`);
    const menus = await trx('menus').whereNull('deleted_at').select('id', 'code', 'parent_id as parentId');
    await requireReferences(trx, 'menus', [...new Set(changes.map((c) => c.menuId))], 'changes.menuId');
    for (const change of changes) {
      for (const menuId of withDescendants(menus, change.menuId)) {
        await trx('role_menu_permissions')
          .insert({
            role_id: roleId,
            menu_id: menuId,
            [change.field]: change.value,
            created_by: principal.userId,
            updated_by: principal.userId,
          })
          .onConflict(['role_id', 'menu_id'])
          .merge({ [change.field]: change.value, updated_by: principal.userId, updated_at: new Date() });
      }
    }
    await trx('permission_changes').insert({
      changed_by: principal.userId,
      role_id: roleId,
      changes: JSON.stringify(changes),
    });
  });
}
