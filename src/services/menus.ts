// Menu management (issue 16): the menu tree the sidebar and the permission screens are built from, changed through
// the API. A menu's code is its identity for permissions, so it never changes; a menu that governs what the API lets
// a role do (MENU_SUBJECTS) is never removed, or every grant on it would quietly lapse.
import type { Knex } from 'knex';
import { MENU_SUBJECTS } from '../auth/abilities';
import { requireAbility } from '../auth/guards';
import type { Principal } from '../auth/principal';
import { recordAudit } from '../db/audit';
import { isUniqueViolation } from '../db/references';
import { effectivePermissions, PERMISSION_FLAGS, withDescendants, type MenuEntry } from '../domain/menu-permissions';
import { conflict, invalid, notFound } from '../errors';
import type { ServiceDeps, ServiceInput } from './deps';

interface MenuItem extends Omit<MenuEntry, 'parentId'> {
  parentId: number | null;
  governs: string[];
  children: MenuItem[];
}

const COLUMNS = ['id', 'code', 'name', 'parent_id as parentId', 'url', 'icon', 'sort_order as sortOrder'];

const liveMenus = (db: Knex | Knex.Transaction): Promise<MenuEntry[]> =>
  db('menus').whereNull('deleted_at').select(COLUMNS);

function tree(menus: MenuEntry[], parentId: number | null = null): MenuItem[] {
  return menus
    .filter((m) => m.parentId === parentId)
    .sort((a, b) => a.sortOrder - b.sortOrder || a.id - b.id)
    .map((m) => ({ ...m, governs: MENU_SUBJECTS[m.code] ?? [], children: tree(menus, m.id) }));
}

async function requireParent(db: Knex.Transaction, parentId: number | null | undefined): Promise<void> {
  if (parentId === undefined || parentId === null) return;
  if (!(await db('menus').where({ id: parentId }).whereNull('deleted_at').first('id')))
    throw invalid([{ field: 'parentId', message: `menu ${parentId} does not exist` }]);
}

// A move under a menu the caller cannot view would hide the moved menus from the caller too (a menu is viewable only
// under viewable parents): refused, as an administrator could otherwise lock themselves out of menu management.
async function refuseSelfLockout(
  trx: Knex.Transaction,
  principal: Principal,
  menus: MenuEntry[],
  menuId: number,
  parentId: number | null,
): Promise<void> {
  const rows = (table: string, where: object) =>
    trx(table).where(where).select('menu_id as menuId', 'is_view', 'is_add', 'is_edit', 'is_delete');
  const after = effectivePermissions(
    menus.map((m) => (m.id === menuId ? { ...m, parentId } : m)),
    await rows('role_menu_permissions', { role_id: principal.roleId }),
    await rows('user_menu_permissions', { user_id: principal.userId }),
  );
  const lost = menus.filter((m) => principal.permissions.get(m.code)?.is_view && !after.get(m.code)?.is_view);
  if (lost.length)
    throw conflict(
      `you could no longer see ${lost.map((m) => m.code).join(', ')} there: choose a parent you can view`,
      [{ field: 'parentId', message: 'a parent you cannot view' }],
    );
}

// A new menu starts with the flags each role has on its parent (a top-level one: the superadmin's full flags), as a
// permission change on the parent would have given it.
async function inheritGrants(trx: Knex.Transaction, menuId: number, parentId: number | null, userId: number) {
  const grants = parentId
    ? await trx('role_menu_permissions')
        .where({ menu_id: parentId })
        .select('role_id', ...PERMISSION_FLAGS)
    : await trx('roles')
        .where({ code: 'superadmin' })
        .select('id as role_id', ...PERMISSION_FLAGS.map((flag) => trx.raw(`true as ${flag}`)));
  if (grants.length)
    await trx('role_menu_permissions').insert(
      grants.map((g) => ({ ...g, menu_id: menuId, created_by: userId, updated_by: userId })),
    );
}

// GET /api/admin/menus
export async function getAdminMenus(deps: ServiceDeps, principal: Principal) {
  requireAbility(principal, 'read', 'Menu');
  return { data: tree(await liveMenus(deps.knex)) };
}

// POST /api/admin/menus
export async function postAdminMenus(deps: ServiceDeps, principal: Principal, { body }: ServiceInput) {
  requireAbility(principal, 'create', 'Menu');
  return deps.knex.transaction(async (trx) => {
    await requireParent(trx, body.parentId);
    const [row] = await trx('menus')
      .insert({
        code: body.code,
        name: body.name,
        parent_id: body.parentId ?? null,
        url: body.url,
        icon: body.icon ?? null,
        sort_order: body.sortOrder,
        created_by: principal.userId,
        updated_by: principal.userId,
      })
      .returning(COLUMNS)
      .catch((error) => {
        if (isUniqueViolation(error))
          throw conflict(`menu code ${body.code} is taken`, [{ field: 'code', message: 'menu code is taken' }]);
        throw error;
      });
    await inheritGrants(trx, row.id, row.parentId, principal.userId);
    await recordAudit(trx, 'menus', row.id, 'create', principal.userId, null, row);
    return row;
  });
}

// PATCH /api/admin/menus/:id
export async function patchAdminMenus(deps: ServiceDeps, principal: Principal, { params, body }: ServiceInput) {
  requireAbility(principal, 'update', 'Menu');
  return deps.knex.transaction(async (trx) => {
    const before = await trx('menus').where({ id: params.id }).whereNull('deleted_at').forNoKeyUpdate().first(COLUMNS);
    if (!before) throw notFound(`menu ${params.id}`);
    await requireParent(trx, body.parentId);
    const all = await liveMenus(trx);
    if (body.parentId && withDescendants(all, before.id).includes(body.parentId))
      throw invalid([{ field: 'parentId', message: 'a menu cannot sit under itself or one of its own sub-menus' }]);
    if (body.parentId !== undefined) await refuseSelfLockout(trx, principal, all, before.id, body.parentId);
    const columns = Object.fromEntries(
      Object.entries({
        name: body.name,
        parent_id: body.parentId,
        url: body.url,
        icon: body.icon,
        sort_order: body.sortOrder,
      }).filter(([, value]) => value !== undefined),
    );
    const [row] = await trx('menus')
      .where({ id: before.id })
      .update({ ...columns, updated_by: principal.userId, updated_at: trx.fn.now() })
      .returning(COLUMNS);
    await recordAudit(trx, 'menus', row.id, 'update', principal.userId, before, row);
    return row;
  });
}

// DELETE /api/admin/menus/:id
export async function deleteAdminMenus(deps: ServiceDeps, principal: Principal, { params }: ServiceInput) {
  requireAbility(principal, 'delete', 'Menu');
  await deps.knex.transaction(async (trx) => {
    const row = await trx('menus').where({ id: params.id }).whereNull('deleted_at').forNoKeyUpdate().first(COLUMNS);
    if (!row) throw notFound(`menu ${params.id}`);
    if (MENU_SUBJECTS[row.code])
      throw conflict(`menu ${row.code} governs ${MENU_SUBJECTS[row.code].join(', ')}: it stays (rename or move it)`);
    if (await trx('menus').where({ parent_id: row.id }).whereNull('deleted_at').first('id'))
      throw conflict(`menu ${row.code} has sub-menus: move or remove them first`);
    await trx('menus').where({ id: row.id }).update({ deleted_at: trx.fn.now(), updated_by: principal.userId });
    await recordAudit(trx, 'menus', row.id, 'delete', principal.userId, row, null);
  });
}
