// Administration of users, roles, role permissions and entities (menu `role_access` / `master_data`).
import { withDescendants, type PermissionFlag } from '../domain/menu-permissions';
import { requireReferences, isUniqueViolation, requireReference } from '../db/references';
import type { Knex } from 'knex';
import { hashPassword } from '../auth/passwords';
import { revokeUserSessions } from '../auth/sessions';
import { recordAudit } from '../db/audit';
import { accountChangeProblems, endsSessions, roleChangeProblems, type AccountChange } from '../domain/account-safety';
import { requireAbility } from '../auth/guards';
import { containing, paginate } from '../db/listing';
import { conflict, invalid, notFound } from '../errors';
import type { ServiceDeps, ServiceInput } from './deps';
import { storeUpload, uploadProblem } from './files';
import type { Principal } from '../auth/principal';

export const ENTITY_COLUMNS = [
  'id',
  'code',
  'name',
  'address',
  'phone',
  'email',
  'director_name as directorName',
  'director_title as directorTitle',
  'legal_name as legalName',
  'npwp',
  'city_code as cityCode',
  'logo_file_id as logoFileId',
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

const SUPERADMIN = 'superadmin';

// A user row as the audit log keeps it: never the password hash.
function auditedUser(row: Record<string, unknown>): Record<string, unknown> {
  const { password_hash: _hash, ...rest } = row;
  return rest;
}

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
    directorTitle: 'director_title',
    legalName: 'legal_name',
    npwp: 'npwp',
    cityCode: 'city_code',
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
  const text: string | undefined = query.q ?? query.search;
  if (text)
    q.where((w) =>
      w
        .whereILike('u.full_name', containing(text))
        .orWhereILike('u.email', containing(text))
        .orWhereILike('u.username', containing(text)),
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
    const created = await trx('users').where({ id: row.id }).first();
    await recordAudit(trx, 'users', row.id, 'create', principal.userId, null, {
      ...auditedUser(created),
      entityIds: body.entityIds ?? [],
    });
    return row.id as number;
  });
  return userWithEntities(deps.knex, id);
}

// PATCH /api/admin/users/:id
export async function patchAdminUsers(deps: ServiceDeps, principal: Principal, { params, body }: ServiceInput) {
  requireAbility(principal, 'update', 'User');
  await deps.knex.transaction(async (trx) => {
    // Superadmin rows are locked in id order first, so two demotions at once cannot both see "another one left".
    const superadmins = await trx('users as u')
      .join('roles as r', 'r.id', 'u.role_id')
      .where({ 'r.code': SUPERADMIN, 'u.is_active': true })
      .orderBy('u.id')
      .forNoKeyUpdate()
      .pluck('u.id');
    const before = await trx('users').where({ id: params.id }).forNoKeyUpdate().first();
    if (!before) throw notFound(`user ${params.id}`);
    await checkUserReferences(trx, body);
    const roleId: number = body.roleId ?? before.role_id;
    const role = await trx('roles').where({ id: roleId }).first('code');
    const change: AccountChange = {
      actorId: principal.userId,
      targetId: params.id,
      wasActiveSuperadmin: superadmins.includes(params.id),
      willBeActiveSuperadmin: Boolean(body.isActive ?? before.is_active) && role?.code === SUPERADMIN,
      changesRole: body.roleId !== undefined && body.roleId !== before.role_id,
      deactivates: body.isActive === false && before.is_active,
      changesPassword: body.password !== undefined,
      otherActiveSuperadmins: superadmins.filter((id: number) => id !== params.id).length,
    };
    const problems = accountChangeProblems(change);
    if (problems.length) throw conflict(problems.map((p) => p.message).join('; '), problems);
    const patch: Record<string, unknown> = { updated_by: principal.userId, updated_at: new Date() };
    if (body.email !== undefined) patch.email = body.email;
    if (body.fullName !== undefined) patch.full_name = body.fullName;
    if (body.roleId !== undefined) patch.role_id = body.roleId;
    if (body.branchId !== undefined) patch.branch_id = body.branchId;
    if (body.isActive !== undefined) patch.is_active = body.isActive;
    if (body.password !== undefined) patch.password_hash = await hashPassword(body.password);
    await trx('users').where({ id: params.id }).update(patch).catch(uniqueUserConflict);
    await replaceEntities(trx, params.id, body.entityIds);
    const after = await trx('users').where({ id: params.id }).first();
    await recordAudit(trx, 'users', params.id, 'update', principal.userId, auditedUser(before), {
      ...auditedUser(after),
      ...(change.changesPassword ? { passwordChanged: true } : {}),
      ...(body.entityIds !== undefined ? { entityIds: body.entityIds } : {}),
    });
    if (endsSessions(change)) await revokeUserSessions(trx, params.id, 'changed by an administrator');
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
  return deps.knex.transaction(async (trx) => {
    const before = await trx('roles').where({ id: params.id }).forNoKeyUpdate().first();
    if (!before) throw notFound(`role ${params.id}`);
    const problems = roleChangeProblems({
      actorRoleId: principal.roleId,
      roleId: before.id,
      roleCode: before.code,
      deactivates: before.is_active && body.isActive === false,
      changesScope: body.scope !== undefined && body.scope !== before.scope,
    });
    if (problems.length) throw invalid(problems);
    const [row] = await trx('roles')
      .where({ id: params.id })
      .update(patch)
      .returning(['id', 'code', 'name', 'scope', 'is_active as isActive']);
    await recordAudit(trx, 'roles', params.id, 'update', principal.userId, before, { ...before, ...patch });
    return row;
  });
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
  await requireCity(deps.knex, body.cityCode);
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

// The city an entity dates its letters from, when one is given, must exist.
async function requireCity(knex: Knex, code: string | null | undefined): Promise<void> {
  if (code && !(await knex('cities').where({ code }).first('code')))
    throw invalid([{ field: 'cityCode', message: `city ${code} does not exist` }]);
}

// PATCH /api/admin/entities/:id
export async function patchAdminEntities(deps: ServiceDeps, principal: Principal, { params, body }: ServiceInput) {
  requireAbility(principal, 'update', 'Entity');
  await requireCity(deps.knex, body.cityCode);
  return deps.knex.transaction(async (trx) => {
    // NO KEY UPDATE: a concurrent change that only references this row (a user given the entity, an audit row) is
    // not blocked by it, so an entity and a user edited at once cannot deadlock.
    const before = await trx('entities').where({ id: params.id }).forNoKeyUpdate().first();
    if (!before) throw notFound(`entity ${params.id}`);
    const [row] = await trx('entities')
      .where({ id: params.id })
      .update(entityRow(body, principal.userId))
      .returning(ENTITY_COLUMNS);
    await recordAudit(trx, 'entities', params.id, 'update', principal.userId, before, row);
    return row;
  });
}

// PUT /api/admin/entities/:id/logo: the letterhead logo (PNG or JPEG by content, at most 512 KB).
export async function putAdminEntityLogo(deps: ServiceDeps, principal: Principal, { params, files }: ServiceInput) {
  requireAbility(principal, 'update', 'Entity');
  if (!(await deps.knex('entities').where({ id: params.id }).first('id'))) throw notFound(`entity ${params.id}`);
  const [file] = files;
  if (!file) throw invalid([{ field: 'file', message: 'a PNG or JPEG logo is required' }]);
  const problem = await uploadProblem(file, 'entity-logo');
  if (problem) throw invalid([{ field: 'file', message: problem }]);
  const stored = await storeUpload(deps, principal, file);
  return setEntityLogo(deps, principal, params.id, stored.id);
}

// DELETE /api/admin/entities/:id/logo
export async function deleteAdminEntityLogo(deps: ServiceDeps, principal: Principal, { params }: ServiceInput) {
  requireAbility(principal, 'update', 'Entity');
  await setEntityLogo(deps, principal, params.id, null);
}

function setEntityLogo(deps: ServiceDeps, principal: Principal, id: number, fileId: number | null) {
  return deps.knex.transaction(async (trx) => {
    const before = await trx('entities').where({ id }).forNoKeyUpdate().first(ENTITY_COLUMNS);
    if (!before) throw notFound(`entity ${id}`);
    const [row] = await trx('entities')
      .where({ id })
      .update({ logo_file_id: fileId, updated_by: principal.userId, updated_at: trx.fn.now() })
      .returning(ENTITY_COLUMNS);
    await recordAudit(trx, 'entities', id, 'update', principal.userId, before, row);
    return row;
  });
}

// Applies permission flag changes to a role and its menus' descendants, recording the change set.
export async function changeRolePermissions(
  deps: ServiceDeps,
  principal: Principal,
  roleId: number,
  changes: Array<{ menuId: number; field: PermissionFlag; value: boolean }>,
) {
  await deps.knex.transaction(async (trx) => {
    if (!(await trx('roles').where({ id: roleId }).forNoKeyUpdate().first())) throw notFound(`role ${roleId}`);
    const grants = () => trx('role_menu_permissions').where({ role_id: roleId }).orderBy('menu_id');
    const before = await grants();
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
    await recordAudit(
      trx,
      'role_menu_permissions',
      roleId,
      'update',
      principal.userId,
      { grants: before },
      {
        grants: await grants(),
      },
    );
  });
}
