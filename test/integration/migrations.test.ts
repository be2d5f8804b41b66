// Migrations run on an empty database, seed the reference data, and roll back cleanly.
import fs from 'node:fs';
import { migrationConfig } from '../../src/db/knex';
import { createTestDatabase, type TestDatabase } from '../support/database';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase({ migrate: false });
});

afterAll(() => db?.drop());

it('build the schema from empty, seed reference data, and roll back to empty', async () => {
  const [, applied] = await db.knex.migrate.latest(migrationConfig);
  expect(applied).toEqual(
    fs
      .readdirSync(migrationConfig.directory as string)
      .filter((f) => f.endsWith('.ts'))
      .sort(),
  );

  const roles = await db.knex('roles').pluck('code');
  expect(roles).toEqual(expect.arrayContaining(['superadmin', 'sales', 'sales_leader', 'dir_sales', 'dir_finance']));
  expect(await db.knex('entities').orderBy('code').pluck('code')).toEqual(['GSU', 'ION', 'RCI', 'SIG', 'SN', 'SNI']);
  const quotationMenu = await db.knex('menus').where({ code: 'quotation' }).first();
  const parent = await db.knex('menus').where({ id: quotationMenu.parent_id }).first();
  expect(parent.code).toBe('sales');
  const superadmin = await db.knex('roles').where({ code: 'superadmin' }).first();
  const menuCount = Number((await db.knex('menus').count({ n: '*' }))[0].n);
  const granted = await db
    .knex('role_menu_permissions')
    .where({ role_id: superadmin.id, is_view: true, is_add: true, is_edit: true, is_delete: true })
    .count({ n: '*' });
  expect(Number(granted[0].n)).toBe(menuCount);

  // Locations (idn-area-data), wage decrees and statutory rates.
  const count = async (table: string) => Number((await db.knex(table).count({ n: '*' }))[0].n);
  expect(await count('provinces')).toBe(38);
  expect(await count('cities')).toBe(514);
  expect(await count('villages')).toBeGreaterThan(80_000);
  const bekasi = await db.knex('cities').where({ code: '32.75' }).first();
  expect(bekasi.name).toBe('Kota Bekasi');
  // Every wage row joins to a seeded region; periods of one region never overlap.
  expect(await count('minimum_wages')).toBe(75 + 272 + 7 + 1); // + Papua Selatan 2026 (statutory_2026)
  const overlaps = await db.knex
    .raw(`SELECT 1 FROM minimum_wages a JOIN minimum_wages b ON a.id < b.id AND a.kind = b.kind
    AND a.province_code = b.province_code AND coalesce(a.city_code,'') = coalesce(b.city_code,'')
    AND daterange(a.valid_from, a.valid_to, '[]') && daterange(b.valid_from, b.valid_to, '[]')`);
  expect(overlaps.rows).toEqual([]);
  const surabaya = await db
    .knex('minimum_wages')
    .where({ city_code: '35.78' })
    .orderBy('valid_from')
    .select('amount', 'valid_from', 'valid_to');
  expect(surabaya[0]).toMatchObject({ valid_from: '2025-01-01', valid_to: '2025-10-31' });
  expect(surabaya[1]).toMatchObject({ amount: 5032635, valid_from: '2025-11-01', valid_to: '2025-12-31' });
  const ppn = await db.knex('statutory_rates').where({ code: 'ppn' }).orderBy('valid_from').pluck('valid_to');
  expect(ppn).toEqual(['2024-12-31', null]);
  // The 2026 JP cap from 1 March; Papua Selatan's 2026 UMP marked as from a secondary source.
  const jpCaps = await db
    .knex('statutory_rates')
    .where({ code: 'bpjs_jp_wage_cap' })
    .orderBy('valid_from')
    .select('value', 'valid_from', 'valid_to', 'note');
  expect(jpCaps.map((r) => [Number(r.value), r.valid_from, r.valid_to])).toEqual([
    [10042300, '2024-03-01', '2025-02-28'],
    [10547400, '2025-03-01', '2026-02-28'],
    [11086300, '2026-03-01', null],
  ]);
  expect(jpCaps[2].note).toMatch(/B\/1226\/022026.*B\/3307\/022026/);
  const papuaSelatan = await db.knex('minimum_wages').where({ province_code: '93' }).orderBy('valid_from');
  expect(papuaSelatan.map((r) => [Number(r.amount), r.valid_to])).toEqual([
    [4285850, '2025-12-31'],
    [4508850, null],
  ]);
  expect(papuaSelatan[1].note).toMatch(/^Unverified/);

  // Running again is a no-op.
  const [, again] = await db.knex.migrate.latest(migrationConfig);
  expect(again).toEqual([]);

  await db.knex.migrate.rollback(migrationConfig, true);
  const tables = await db
    .knex('pg_tables')
    .where({ schemaname: 'public' })
    .whereNot('tablename', 'like', 'knex_%')
    .pluck('tablename');
  expect(tables).toEqual([]);
});
