// The authenticated caller: user, role, data scope and effective menu permissions, loaded per request.
import type { Knex } from 'knex';
import { effectivePermissions, type Flags } from '../domain/menu-permissions';
import type { ScopeSubject } from '../domain/data-scope';
import { buildAbility, type AppAbility } from './abilities';

export interface Principal extends ScopeSubject {
  email: string;
  username: string;
  fullName: string;
  roleId: number;
  roleCode: string;
  roleName: string;
  permissions: Map<string, Flags>;
  ability: AppAbility;
}

export async function loadPrincipal(knex: Knex, userId: number): Promise<Principal | null> {
  const user = await knex('users as u')
    .join('roles as r', 'r.id', 'u.role_id')
    .where('u.id', userId)
    .where('u.is_active', true)
    .select(
      'u.id',
      'u.email',
      'u.username',
      'u.full_name',
      'u.branch_id',
      'u.role_id',
      'r.code as role_code',
      'r.name as role_name',
      'r.scope',
      'r.is_active as role_active',
    )
    .first();
  if (!user) return null;
  const [menus, roleRows, userRows, entities, team] = await Promise.all([
    knex('menus').whereNull('deleted_at').select('id', 'code', 'parent_id as parentId'),
    knex('role_menu_permissions')
      .where({ role_id: user.role_id })
      .select('menu_id as menuId', 'is_view', 'is_add', 'is_edit', 'is_delete'),
    knex('user_menu_permissions')
      .where({ user_id: user.id })
      .select('menu_id as menuId', 'is_view', 'is_add', 'is_edit', 'is_delete'),
    knex('user_entities').where({ user_id: user.id }).pluck('entity_id'),
    knex('sales_team_members as m')
      .join('sales_teams as t', 't.id', 'm.team_id')
      .where('t.leader_user_id', user.id)
      .pluck('m.user_id'),
  ]);
  // An inactive role grants nothing: deny by default.
  const permissions = user.role_active ? effectivePermissions(menus, roleRows, userRows) : new Map<string, Flags>();
  const principal: Omit<Principal, 'ability'> = {
    userId: user.id,
    email: user.email,
    username: user.username,
    fullName: user.full_name,
    roleId: user.role_id,
    roleCode: user.role_code,
    roleName: user.role_name,
    scope: user.role_active ? user.scope : 'none',
    branchId: user.branch_id,
    teamMemberIds: team,
    entityIds: entities,
    permissions,
  };
  return { ...principal, ability: buildAbility(principal) };
}
