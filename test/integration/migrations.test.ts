// Migrations run on an empty database, seed the reference data, and roll back cleanly.
import { migrationConfig } from '../../src/db/knex';
import { createTestDatabase, type TestDatabase } from '../support/database';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase({ migrate: false });
});

afterAll(() => db?.drop());

it('build the schema from empty, seed reference data, and roll back to empty', async () => {
  const [, applied] = await db.knex.migrate.latest(migrationConfig);
  expect(applied).toEqual(['20261124000100_access.ts', '20261124000200_quotations.ts']);

  const roles = await db.knex('roles').pluck('code');
  expect(roles).toEqual(expect.arrayContaining(['superadmin', 'sales', 'sales_leader', 'dir_sales', 'dir_finance']));
  expect(await db.knex('entities').orderBy('code').pluck('code')).toEqual(['GSU', 'ION', 'RCI', 'SIG', 'SN', 'SNI']);
  const quotationMenu = await db.knex('menus').where({ code: 'quotation' }).first();
  const parent = await db.knex('menus').where({ id: quotationMenu.parent_id }).first();
  expect(parent.code).toBe('sales');
  const superadmin = await db.knex('roles').where({ code: 'superadmin' }).first();
  const menuCount = Number((await db.knex('menus').count({ n: '*' }))[0].n);
  const granted = await db.knex('role_menu_permissions').where({ role_id: superadmin.id, is_view: true, is_add: true, is_edit: true, is_delete: true }).count({ n: '*' });
  expect(Number(granted[0].n)).toBe(menuCount);

  // Running again is a no-op.
  const [, again] = await db.knex.migrate.latest(migrationConfig);
  expect(again).toEqual([]);

  await db.knex.migrate.rollback(migrationConfig, true);
  const tables = await db.knex('pg_tables').where({ schemaname: 'public' }).whereNot('tablename', 'like', 'knex_%').pluck('tablename');
  expect(tables).toEqual([]);
});
