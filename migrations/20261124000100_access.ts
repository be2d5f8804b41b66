// Access control: users, roles with a data scope, the menu tree with per-role CRUD flags (and per-user
// overrides), entities, branches, sales teams (for team scope), tokens and login throttling.
// Reference data (roles, menus, their permissions, entities) is seeded here; see domain/access.md.
import type { Knex } from 'knex';

const ALL = { is_view: true, is_add: true, is_edit: true, is_delete: true };
const VIEW = { is_view: true, is_add: false, is_edit: false, is_delete: false };
const VIEW_EDIT = { is_view: true, is_add: false, is_edit: true, is_delete: false };
type Flags = typeof ALL;

// code, name, data scope, id in the reference system (kept for imports and reports)
const ROLES: Array<[string, string, string, number | null]> = [
  ['superadmin', 'Superadmin', 'all', 2],
  ['ro', 'RO (operations officer)', 'own', 4],
  ['ro_supervisor', 'RO supervisor', 'all', 6],
  ['ro_manager', 'RO manager', 'all', 8],
  ['gm_operations', 'GM Operasional', 'all', 10],
  ['sales', 'Sales (account executive)', 'own', 29],
  ['telesales', 'Telesales', 'all', 30],
  ['sales_leader', 'Sales leader (SPV sales)', 'team', 31],
  ['sales_manager', 'Sales manager', 'branch', 32],
  ['sales_head', 'Sales head', 'all', 33],
  ['finance_director_alt', 'Finance director (alternate)', 'all', 40],
  ['gm_hcm', 'GM HCM', 'all', 53],
  ['crm_officer', 'CRM officer', 'own', 54],
  ['crm_supervisor', 'CRM supervisor', 'all', 55],
  ['crm_manager', 'Manager CRM', 'all', 56],
  ['dir_sales', 'Direktur Sales', 'all', 96],
  ['dir_finance', 'Direktur Keuangan', 'all', 97],
  ['operations', 'Operations', 'all', 98],
];

// code, name, parent code, url
const MENUS: Array<[string, string, string | null, string]> = [
  ['dashboard', 'Dashboard', null, '/dashboard'],
  ['crm', 'CRM', null, '/crm'],
  ['leads_customer', 'Leads & customers', 'crm', '/crm/leads'],
  ['customer_activity', 'Customer activities', 'crm', '/crm/activities'],
  ['sales', 'Sales', null, '/sales'],
  ['quotation', 'Quotations', 'sales', '/sales/quotations'],
  ['spk', 'SPK', 'sales', '/sales/spk'],
  ['pks', 'PKS', 'sales', '/sales/pks'],
  ['master', 'Master data', null, '/master'],
  ['master_data', 'General master data', 'master', '/master/general'],
  ['master_barang', 'Items', 'master', '/master/items'],
  ['master_keuangan', 'Finance master data', 'master', '/master/finance'],
  ['training', 'Training', 'master', '/master/training'],
  ['settings', 'Settings', null, '/settings'],
  ['role_access', 'Users & role access', 'settings', '/settings/roles'],
  ['menu_manager', 'Menu manager', 'settings', '/settings/menus'],
];

const SALES_LIKE: Record<string, Flags> = {
  dashboard: VIEW,
  crm: VIEW,
  leads_customer: ALL,
  customer_activity: ALL,
  sales: VIEW,
  quotation: ALL,
  spk: { ...VIEW_EDIT, is_add: true },
  pks: VIEW,
  master: VIEW,
  master_data: VIEW,
  master_barang: VIEW,
  master_keuangan: VIEW,
  training: VIEW,
};
const APPROVER: Record<string, Flags> = {
  dashboard: VIEW,
  crm: VIEW,
  leads_customer: VIEW,
  customer_activity: VIEW,
  sales: VIEW,
  quotation: VIEW_EDIT,
  spk: VIEW,
  pks: VIEW_EDIT,
  master: VIEW,
  master_data: VIEW,
  master_barang: VIEW,
  master_keuangan: VIEW,
  training: VIEW,
};
const CRM: Record<string, Flags> = {
  dashboard: VIEW,
  crm: VIEW,
  leads_customer: VIEW_EDIT,
  customer_activity: ALL,
  sales: VIEW,
  quotation: VIEW,
  spk: ALL,
  pks: ALL,
  master: VIEW,
  master_data: VIEW,
};
const OPERATIONS: Record<string, Flags> = {
  dashboard: VIEW,
  crm: VIEW,
  leads_customer: VIEW,
  sales: VIEW,
  quotation: VIEW,
  spk: VIEW,
  pks: VIEW,
};

function permissionsFor(role: string): Record<string, Flags> {
  if (role === 'superadmin') return Object.fromEntries(MENUS.map(([code]) => [code, ALL]));
  if (['sales', 'telesales', 'sales_leader', 'sales_manager', 'sales_head'].includes(role)) return SALES_LIKE;
  if (['dir_sales', 'dir_finance', 'finance_director_alt'].includes(role)) return APPROVER;
  if (['crm_officer', 'crm_supervisor', 'crm_manager'].includes(role)) return CRM;
  return OPERATIONS;
}

const ENTITIES: Array<[string, string]> = [
  ['SIG', 'SIG'],
  ['GSU', 'GSU'],
  ['RCI', 'RCI'],
  ['ION', 'PT Indah Optimal Nusantara'],
  ['SN', 'SN'],
  ['SNI', 'SNI'],
];

function audit(t: Knex.CreateTableBuilder, knex: Knex): void {
  t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  t.integer('created_by').nullable();
  t.integer('updated_by').nullable();
}

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('roles', (t) => {
    t.increments('id');
    t.string('code', 50).notNullable().unique();
    t.string('name', 100).notNullable();
    t.string('scope', 10).notNullable().defaultTo('own');
    t.integer('legacy_id').nullable();
    t.boolean('is_active').notNullable().defaultTo(true);
    audit(t, knex);
  });
  await knex.raw(
    `ALTER TABLE roles ADD CONSTRAINT roles_scope_check CHECK (scope IN ('own','team','branch','entity','all'))`,
  );

  await knex.schema.createTable('branches', (t) => {
    t.increments('id');
    t.string('name', 100).notNullable().unique();
    t.boolean('is_active').notNullable().defaultTo(true);
    audit(t, knex);
  });

  await knex.schema.createTable('entities', (t) => {
    t.increments('id');
    t.string('code', 10).notNullable().unique();
    t.string('name', 150).notNullable();
    t.string('address', 500).nullable();
    t.string('phone', 50).nullable();
    t.string('email', 150).nullable();
    t.string('director_name', 150).nullable();
    t.boolean('is_active').notNullable().defaultTo(true);
    audit(t, knex);
  });

  await knex.schema.createTable('users', (t) => {
    t.increments('id');
    t.string('email', 150).notNullable();
    t.string('username', 60).notNullable();
    t.string('full_name', 150).notNullable();
    t.text('password_hash').notNullable();
    t.integer('role_id').notNullable().references('roles.id');
    t.integer('branch_id').nullable().references('branches.id');
    t.boolean('is_active').notNullable().defaultTo(true);
    audit(t, knex);
  });
  await knex.raw('CREATE UNIQUE INDEX users_email_unique ON users (lower(email))');
  await knex.raw('CREATE UNIQUE INDEX users_username_unique ON users (lower(username))');

  // Optional entity allow-list per user: no rows = every entity.
  await knex.schema.createTable('user_entities', (t) => {
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.integer('entity_id').notNullable().references('entities.id');
    t.primary(['user_id', 'entity_id']);
  });

  await knex.schema.createTable('menus', (t) => {
    t.increments('id');
    t.string('code', 50).notNullable().unique();
    t.string('name', 100).notNullable();
    t.integer('parent_id').nullable().references('menus.id');
    t.string('url', 255).notNullable();
    t.string('icon', 100).nullable();
    t.integer('sort_order').notNullable().defaultTo(0);
    t.timestamp('deleted_at', { useTz: true }).nullable();
    audit(t, knex);
  });

  for (const table of ['role_menu_permissions', 'user_menu_permissions'] as const) {
    await knex.schema.createTable(table, (t) => {
      t.increments('id');
      if (table === 'role_menu_permissions')
        t.integer('role_id').notNullable().references('roles.id').onDelete('CASCADE');
      else t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
      t.integer('menu_id').notNullable().references('menus.id').onDelete('CASCADE');
      t.boolean('is_view').notNullable().defaultTo(false);
      t.boolean('is_add').notNullable().defaultTo(false);
      t.boolean('is_edit').notNullable().defaultTo(false);
      t.boolean('is_delete').notNullable().defaultTo(false);
      audit(t, knex);
      t.unique([table === 'role_menu_permissions' ? 'role_id' : 'user_id', 'menu_id']);
    });
  }

  await knex.schema.createTable('permission_changes', (t) => {
    t.increments('id');
    t.integer('changed_by').notNullable().references('users.id');
    t.integer('role_id').notNullable().references('roles.id');
    t.jsonb('changes').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('sales_teams', (t) => {
    t.increments('id');
    t.string('name', 100).notNullable();
    t.integer('branch_id').nullable().references('branches.id');
    t.integer('leader_user_id').nullable().references('users.id');
    audit(t, knex);
  });
  await knex.schema.createTable('sales_team_members', (t) => {
    t.integer('team_id').notNullable().references('sales_teams.id').onDelete('CASCADE');
    t.integer('user_id').notNullable().references('users.id');
    t.primary(['team_id', 'user_id']);
  });

  // One row per issued refresh token; a family is one login session. Only hashes are stored.
  await knex.schema.createTable('refresh_tokens', (t) => {
    t.uuid('id').primary();
    t.uuid('family_id').notNullable().index();
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.string('token_hash', 64).notNullable().unique();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('used_at', { useTz: true }).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('session_revocations', (t) => {
    t.uuid('family_id').primary();
    t.string('reason', 50).notNullable();
    t.timestamp('revoked_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('login_failures', (t) => {
    t.bigIncrements('id');
    t.string('account', 150).notNullable();
    t.string('ip', 64).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['account', 'created_at']);
    t.index(['ip', 'created_at']);
  });

  // Secrets generated on first start and shared by every API process (e.g. the JWT key).
  await knex.schema.createTable('app_secrets', (t) => {
    t.string('name', 50).primary();
    t.text('value').notNullable();
  });

  await knex('roles').insert(
    ROLES.map(([code, name, scope, legacyId]) => ({ code, name, scope, legacy_id: legacyId })),
  );
  await knex('entities').insert(ENTITIES.map(([code, name]) => ({ code, name })));
  const menuIds = new Map<string, number>();
  for (const [index, [code, name, parent, url]] of MENUS.entries()) {
    const [row] = await knex('menus')
      .insert({ code, name, url, sort_order: index, parent_id: parent ? menuIds.get(parent) : null })
      .returning('id');
    menuIds.set(code, row.id);
  }
  const roles: Array<{ id: number; code: string }> = await knex('roles').select('id', 'code');
  const rows = roles.flatMap((role) =>
    Object.entries(permissionsFor(role.code)).map(([menu, flags]) => ({
      role_id: role.id,
      menu_id: menuIds.get(menu),
      ...flags,
    })),
  );
  await knex('role_menu_permissions').insert(rows);
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'app_secrets',
    'login_failures',
    'session_revocations',
    'refresh_tokens',
    'sales_team_members',
    'sales_teams',
    'permission_changes',
    'user_menu_permissions',
    'role_menu_permissions',
    'menus',
    'user_entities',
    'users',
    'entities',
    'branches',
    'roles',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
