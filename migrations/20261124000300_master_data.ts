// Master data (domain/master-data.md, domain/regulation.md): service lines, locations, effective-dated
// minimum wages and statutory rates, the catalogues quotations price from, and an audit log of changes.
// Reference rows are seeded here: locations from the idn-area-data package (ODbL), UMP/UMK from
// migrations/data/*.csv (copied from the decree research in shared/data), rates from regulation.md.
import path from 'node:path';
import type { Knex } from 'knex';
import { readCsv } from '../src/db/csv';

function audit(t: Knex.CreateTableBuilder, knex: Knex, softDelete = true): void {
  t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  t.integer('created_by').nullable().references('users.id');
  t.integer('updated_by').nullable().references('users.id');
  if (softDelete) {
    t.timestamp('deleted_at', { useTz: true }).nullable();
    t.integer('deleted_by').nullable().references('users.id');
  }
}

function lookup(knex: Knex, table: string, extra?: (t: Knex.CreateTableBuilder) => void) {
  return knex.schema.createTable(table, (t) => {
    t.increments('id');
    t.string('name', 150).notNullable().unique();
    extra?.(t);
    t.boolean('is_active').notNullable().defaultTo(true);
  });
}

async function insertChunked(knex: Knex, table: string, rows: object[], size = 5000): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await knex(table).insert(rows.slice(i, i + size));
}

const areaData = (file: string) => path.join(path.dirname(require.resolve('idn-area-data/package.json')), 'data', file);
const wageData = (file: string) => path.join(__dirname, 'data', file);

// Which entities may contract each service line (master-data.md §1.1); ION is offered for every line.
const ENTITY_LINES: Record<number, string[]> = {
  1: ['GSU', 'SN', 'ION'],
  2: ['SIG', 'SNI', 'ION'],
  3: ['RCI', 'SNI', 'ION'],
  4: ['SIG', 'SNI', 'ION'],
};

// Jawa Timur UMK 2025 as revised from 1 Nov 2025 (regulation.md §1; PTUN Surabaya 11/G/2025).
const JATIM_REVISION = 'https://www.bolinggo.co/?p=10337';
const JATIM_2025_REVISED: Array<[string, number]> = [
  ['35.78', 5032635],
  ['35.25', 4943763],
  ['35.15', 4940090],
  ['35.14', 4936417],
  ['35.16', 4925398],
  ['35.07', 3587213],
  ['35.73', 3524238],
];

// code, description, value, unit, valid_from, basis (regulation.md §2, §3, §8, §9)
const RATES: Array<[string, string, number, 'percent' | 'idr', string, string]> = [
  ['bpjs_jkk_very_low', 'JKK, risk class very low (employer)', 0.24, 'percent', '2015-07-01', 'PP 44/2015'],
  ['bpjs_jkk_low', 'JKK, risk class low (employer)', 0.54, 'percent', '2015-07-01', 'PP 44/2015'],
  ['bpjs_jkk_medium', 'JKK, risk class medium (employer)', 0.89, 'percent', '2015-07-01', 'PP 44/2015'],
  ['bpjs_jkk_high', 'JKK, risk class high (employer)', 1.27, 'percent', '2015-07-01', 'PP 44/2015'],
  ['bpjs_jkk_very_high', 'JKK, risk class very high (employer)', 1.74, 'percent', '2015-07-01', 'PP 44/2015'],
  ['bpjs_jkm', 'JKM (employer)', 0.3, 'percent', '2015-07-01', 'PP 44/2015'],
  ['bpjs_jht_employer', 'JHT (employer)', 3.7, 'percent', '2015-07-01', 'PP 46/2015'],
  ['bpjs_jht_worker', 'JHT (worker)', 2, 'percent', '2015-07-01', 'PP 46/2015'],
  ['bpjs_jp_employer', 'JP (employer)', 2, 'percent', '2015-07-01', 'PP 45/2015'],
  ['bpjs_jp_worker', 'JP (worker)', 1, 'percent', '2015-07-01', 'PP 45/2015'],
  ['bpjs_jp_wage_cap', 'JP wage ceiling', 10042300, 'idr', '2024-03-01', 'PP 45/2015 Pasal 29'],
  [
    'bpjs_jp_wage_cap',
    'JP wage ceiling (formula-consistent; confirm against BPJS letter)',
    10547400,
    'idr',
    '2025-03-01',
    'PP 45/2015 Pasal 29',
  ],
  ['bpjs_kesehatan_employer', 'BPJS Kesehatan (employer)', 4, 'percent', '2020-07-01', 'Perpres 64/2020'],
  ['bpjs_kesehatan_worker', 'BPJS Kesehatan (worker)', 1, 'percent', '2020-07-01', 'Perpres 64/2020'],
  ['bpjs_kesehatan_wage_cap', 'BPJS Kesehatan wage ceiling', 12000000, 'idr', '2020-07-01', 'Perpres 64/2020'],
  ['ppn', 'PPN (VAT)', 11, 'percent', '2022-04-01', 'UU 7/2021'],
  ['ppn', 'PPN (VAT)', 12, 'percent', '2025-01-01', 'UU 7/2021; PMK 131/2024'],
  [
    'ppn_dpp_factor',
    'PPN base as a share of price (nilai lain 11/12)',
    91.666667,
    'percent',
    '2025-01-01',
    'PMK 131/2024',
  ],
  ['pph23', 'PPh 23 withholding', 2, 'percent', '2009-01-01', 'UU PPh Pasal 23'],
  ['pph23_no_npwp', 'PPh 23 withholding without NPWP', 4, 'percent', '2009-01-01', 'UU PPh Pasal 23'],
];

// id → group, name (master-data.md §4.1: the ids decide which quotation step uses an item)
const ITEM_CATEGORIES: Array<[number, string, string]> = [
  [1, 'kaporlap', 'Seragam'],
  [2, 'kaporlap', 'Sepatu'],
  [3, 'kaporlap', 'Atribut'],
  [4, 'kaporlap', 'Perlengkapan pribadi'],
  [5, 'kaporlap', 'Tas & aksesoris'],
  [6, 'ohc', 'Biaya operasional'],
  [7, 'ohc', 'Biaya administrasi'],
  [8, 'ohc', 'Biaya lain-lain'],
  [9, 'device', 'Alat komunikasi'],
  [10, 'device', 'Alat keamanan'],
  [11, 'device', 'Alat kebersihan'],
  [12, 'device', 'Alat kerja'],
  [13, 'chemical', 'Chemical lantai'],
  [14, 'chemical', 'Chemical kaca'],
  [15, 'chemical', 'Chemical toilet'],
  [16, 'chemical', 'Chemical umum'],
  [17, 'device', 'Mesin'],
  [18, 'chemical', 'Pewangi'],
  [19, 'chemical', 'Pest control'],
];

const LEAD_STATUSES: Array<[number, string, string, string]> = [
  [1, 'Leads baru', '#e0f2fe', '#075985'],
  [2, 'Follow up', '#fef9c3', '#854d0e'],
  [3, 'SPK', '#ede9fe', '#5b21b6'],
  [4, 'Negosiasi', '#ffedd5', '#9a3412'],
  [99, 'PKS', '#dcfce7', '#166534'],
  [100, 'Lost', '#fee2e2', '#991b1b'],
  [101, 'Closed', '#e5e7eb', '#374151'],
  [102, 'Customer', '#bbf7d0', '#14532d'],
];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('audit_log', (t) => {
    t.bigIncrements('id');
    t.string('table_name', 60).notNullable();
    t.string('row_key', 60).notNullable();
    t.string('action', 10).notNullable();
    t.integer('user_id').nullable().references('users.id');
    t.jsonb('before').nullable();
    t.jsonb('after').nullable();
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['table_name', 'row_key']);
  });

  await knex.schema.createTable('service_lines', (t) => {
    t.integer('id').primary();
    t.string('code', 5).notNullable().unique();
    t.string('name', 100).notNullable();
    t.string('icon', 100).nullable();
  });
  await knex('service_lines').insert([
    { id: 1, code: 'SG', name: 'Security', icon: 'shield' },
    { id: 2, code: 'LS', name: 'Labour Supply', icon: 'users' },
    { id: 3, code: 'CS', name: 'Cleaning Service', icon: 'sparkles' },
    { id: 4, code: 'LL', name: 'Logistic', icon: 'truck' },
  ]);
  await knex.schema.createTable('entity_service_lines', (t) => {
    t.integer('entity_id').notNullable().references('entities.id');
    t.integer('service_line_id').notNullable().references('service_lines.id');
    t.primary(['service_line_id', 'entity_id']);
  });
  const entityIds = new Map<string, number>((await knex('entities').select('code', 'id')).map((e) => [e.code, e.id]));
  await knex('entity_service_lines').insert(
    Object.entries(ENTITY_LINES).flatMap(([line, codes]) =>
      codes.map((code) => ({ service_line_id: Number(line), entity_id: entityIds.get(code) })),
    ),
  );

  // Locations keyed by their Kemendagri codes (stable across re-seeds; the wage decrees use them too).
  await knex.schema.createTable('provinces', (t) => {
    t.string('code', 2).primary();
    t.string('name', 100).notNullable();
  });
  await knex.schema.createTable('cities', (t) => {
    t.string('code', 5).primary();
    t.string('province_code', 2).notNullable().references('provinces.code');
    t.string('name', 100).notNullable();
    t.index(['province_code']);
  });
  await knex.schema.createTable('districts', (t) => {
    t.string('code', 8).primary();
    t.string('city_code', 5).notNullable().references('cities.code');
    t.string('name', 100).notNullable();
    t.index(['city_code']);
  });
  await knex.schema.createTable('villages', (t) => {
    t.string('code', 13).primary();
    t.string('district_code', 8).notNullable().references('districts.code');
    t.string('name', 100).notNullable();
    t.index(['district_code']);
  });
  await insertChunked(
    knex,
    'provinces',
    readCsv(areaData('provinces.csv')).map((r) => ({ code: r.code, name: r.name })),
  );
  await insertChunked(
    knex,
    'cities',
    readCsv(areaData('regencies.csv')).map((r) => ({ code: r.code, province_code: r.province_code, name: r.name })),
  );
  await insertChunked(
    knex,
    'districts',
    readCsv(areaData('districts.csv')).map((r) => ({ code: r.code, city_code: r.regency_code, name: r.name })),
  );
  await insertChunked(
    knex,
    'villages',
    readCsv(areaData('villages.csv')).map((r) => ({ code: r.code, district_code: r.district_code, name: r.name })),
  );

  // Effective-dated minimum wages: the row in force on a date is valid_from <= date <= coalesce(valid_to, ∞).
  await knex.schema.createTable('minimum_wages', (t) => {
    t.increments('id');
    t.string('kind', 3).notNullable();
    t.string('province_code', 2).notNullable().references('provinces.code');
    t.string('city_code', 5).nullable().references('cities.code');
    t.decimal('amount', 14, 2).notNullable();
    t.date('valid_from').notNullable();
    t.date('valid_to').nullable();
    t.string('source', 500).notNullable();
    t.integer('created_by').nullable().references('users.id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(
    `ALTER TABLE minimum_wages ADD CONSTRAINT minimum_wages_kind_check CHECK ((kind = 'ump' AND city_code IS NULL) OR (kind = 'umk' AND city_code IS NOT NULL))`,
  );
  await knex.raw('ALTER TABLE minimum_wages ADD CONSTRAINT minimum_wages_amount_check CHECK (amount >= 0)');
  await knex.raw(
    'ALTER TABLE minimum_wages ADD CONSTRAINT minimum_wages_period_check CHECK (valid_to IS NULL OR valid_to >= valid_from)',
  );
  await knex.raw(
    `CREATE UNIQUE INDEX minimum_wages_region_from ON minimum_wages (kind, province_code, coalesce(city_code, ''), valid_from)`,
  );

  const wages = [
    ...readCsv(wageData('ump.csv')).map((r) => ({
      kind: 'ump',
      province_code: r.province_code,
      city_code: null,
      amount: r.amount_idr,
      valid_from: `${r.year}-01-01`,
      source: r.source,
    })),
    ...readCsv(wageData('umk.csv')).map((r) => ({
      kind: 'umk',
      province_code: r.province_code,
      city_code: `${r.regency_city_code.slice(0, 2)}.${r.regency_city_code.slice(2)}`,
      amount: r.amount_idr,
      valid_from: `${r.year}-01-01`,
      source: r.source,
    })),
    ...JATIM_2025_REVISED.map(([city, amount]) => ({
      kind: 'umk',
      province_code: '35',
      city_code: city,
      amount,
      valid_from: '2025-11-01',
      source: JATIM_REVISION,
    })),
  ];
  await insertChunked(knex, 'minimum_wages', wages);
  await closePeriods(knex, 'minimum_wages', "kind, province_code, coalesce(city_code, '')");

  await knex.schema.createTable('statutory_rates', (t) => {
    t.increments('id');
    t.string('code', 50).notNullable();
    t.string('description', 200).notNullable();
    t.decimal('value', 16, 6).notNullable();
    t.string('unit', 10).notNullable();
    t.date('valid_from').notNullable();
    t.date('valid_to').nullable();
    t.string('basis', 200).notNullable();
    t.integer('created_by').nullable().references('users.id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['code', 'valid_from']);
  });
  await knex.raw(
    `ALTER TABLE statutory_rates ADD CONSTRAINT statutory_rates_unit_check CHECK (unit IN ('percent','idr'))`,
  );
  await knex('statutory_rates').insert(
    RATES.map(([code, description, value, unit, validFrom, basis]) => ({
      code,
      description,
      value,
      unit,
      valid_from: validFrom,
      basis,
    })),
  );
  await closePeriods(knex, 'statutory_rates', 'code');

  // Read-only classifications (options endpoints).
  await lookup(knex, 'business_sectors');
  await lookup(knex, 'lead_sources');
  await lookup(knex, 'pic_titles', (t) => t.string('code', 20).nullable());
  await lookup(knex, 'visit_types');
  await lookup(knex, 'loyalty_levels');
  await lookup(knex, 'hc_categories');
  await lookup(knex, 'lead_statuses', (t) => {
    t.string('background_color', 20).notNullable();
    t.string('font_color', 20).notNullable();
  });
  await knex('business_sectors').insert(
    [
      'Manufaktur',
      'Perbankan & keuangan',
      'Properti & real estat',
      'Ritel',
      'Logistik & pergudangan',
      'Kesehatan',
      'Pendidikan',
      'Perhotelan',
      'Pemerintahan',
      'Energi & pertambangan',
      'Teknologi',
      'Lainnya',
    ].map((name) => ({ name })),
  );
  await knex('lead_sources').insert(
    [
      'Website',
      'Referensi',
      'Telemarketing',
      'Media sosial',
      'Pameran / event',
      'Walk-in',
      'Customer existing',
      'Anak perusahaan (child lead)',
      'Form submission',
    ].map((name, i) => ({ id: i + 1, name })),
  );
  await knex('pic_titles').insert(
    [
      ['Direktur', 'DIR'],
      ['General Manager', 'GM'],
      ['Manager', 'MGR'],
      ['HRD', 'HRD'],
      ['Purchasing', 'PUR'],
      ['Staff', 'STF'],
      ['Pemilik', 'OWN'],
    ].map(([name, code]) => ({ name, code })),
  );
  await knex('visit_types').insert(
    [
      'Visit perkenalan',
      'Visit presentasi',
      'Visit survey lokasi',
      'Visit negosiasi',
      'Visit rutin',
      'Visit komplain',
    ].map((name) => ({ name })),
  );
  await knex('loyalty_levels').insert(['Baru', 'Reguler', 'Loyal', 'Prioritas'].map((name) => ({ name })));
  await knex('hc_categories').insert(['Silver', 'Gold', 'Platinum', 'Diamond'].map((name, i) => ({ id: i + 1, name })));
  await knex('lead_statuses').insert(
    LEAD_STATUSES.map(([id, name, bg, font]) => ({ id, name, background_color: bg, font_color: font })),
  );
  for (const table of ['lead_sources', 'hc_categories', 'lead_statuses']) {
    await knex.raw(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT max(id) FROM ${table}))`);
  }

  await knex.schema.createTable('thr_rules', (t) => {
    t.increments('id');
    t.string('name', 150).notNullable().unique();
    t.integer('invoice_days_before').notNullable();
    t.integer('payment_days_before').notNullable();
    t.integer('release_days_before').notNullable();
  });
  await knex('thr_rules').insert([
    {
      name: 'THR standar (H-30 / H-14 / H-7)',
      invoice_days_before: 30,
      payment_days_before: 14,
      release_days_before: 7,
    },
    {
      name: 'THR dipercepat (H-45 / H-21 / H-10)',
      invoice_days_before: 45,
      payment_days_before: 21,
      release_days_before: 10,
    },
  ]);

  // Maintained classifications (CRUD).
  await knex.schema.createTable('company_types', (t) => {
    t.increments('id');
    t.string('name', 255).notNullable();
    t.string('risk_level', 100).nullable();
    audit(t, knex);
  });
  await knex.schema.createTable('legal_forms', (t) => {
    t.increments('id');
    t.string('name', 100).notNullable();
    audit(t, knex);
  });
  await knex('legal_forms').insert(
    ['PT', 'CV', 'UD', 'Koperasi', 'Yayasan', 'BUMN', 'BUMD', 'Perorangan'].map((name) => ({ name })),
  );

  await knex.schema.createTable('positions', (t) => {
    t.increments('id');
    t.string('name', 150).notNullable();
    t.string('description', 1000).notNullable();
    t.integer('entity_id').notNullable().references('entities.id');
    t.integer('service_line_id').notNullable().references('service_lines.id');
    t.boolean('is_active').notNullable().defaultTo(true);
    audit(t, knex);
  });
  await knex.schema.createTable('position_requirements', (t) => {
    t.increments('id');
    t.integer('position_id').notNullable().references('positions.id');
    t.string('requirement', 500).notNullable();
    audit(t, knex);
  });
  // One allowance catalogue (NEW): a service line's default, optionally narrowed to a position and an entity.
  await knex.schema.createTable('allowances', (t) => {
    t.increments('id');
    t.integer('service_line_id').notNullable().references('service_lines.id');
    t.integer('position_id').nullable().references('positions.id');
    t.integer('entity_id').nullable().references('entities.id');
    t.string('name', 255).notNullable();
    t.decimal('amount', 14, 2).notNullable();
    audit(t, knex);
  });

  await knex.schema.createTable('item_categories', (t) => {
    t.increments('id');
    t.string('name', 150).notNullable();
    t.string('group', 10).notNullable();
    audit(t, knex);
  });
  await knex.raw(
    `ALTER TABLE item_categories ADD CONSTRAINT item_categories_group_check CHECK ("group" IN ('kaporlap','ohc','device','chemical'))`,
  );
  await knex('item_categories').insert(ITEM_CATEGORIES.map(([id, group, name]) => ({ id, group, name })));
  await knex.raw(`SELECT setval(pg_get_serial_sequence('item_categories', 'id'), 100)`);
  await knex.schema.createTable('items', (t) => {
    t.increments('id');
    t.string('name', 255).notNullable();
    t.integer('category_id').notNullable().references('item_categories.id');
    t.decimal('price', 14, 2).notNullable();
    t.string('unit', 50).nullable();
    t.integer('useful_life_months').nullable();
    t.string('brand', 100).nullable();
    t.decimal('default_quantity', 10, 2).notNullable().defaultTo(0);
    t.integer('sort_order').notNullable().defaultTo(0);
    audit(t, knex);
  });
  await knex.schema.createTable('item_service_quantities', (t) => {
    t.integer('item_id').notNullable().references('items.id').onDelete('CASCADE');
    t.integer('service_line_id').notNullable().references('service_lines.id');
    t.decimal('quantity', 10, 2).notNullable();
    audit(t, knex, false);
    t.primary(['item_id', 'service_line_id']);
  });
  await knex.schema.createTable('suppliers', (t) => {
    t.increments('id');
    t.string('name', 255).notNullable();
    t.string('pic', 150).notNullable();
    t.string('address', 1000).notNullable();
    t.string('contact', 50).notNullable();
    t.string('npwp', 30).nullable();
    t.string('item_category', 255).nullable();
    audit(t, knex);
  });
  await knex.schema.createTable('trainings', (t) => {
    t.increments('id');
    t.string('type', 100).notNullable();
    t.string('name', 255).notNullable();
    t.integer('lesson_hours').notNullable();
    t.integer('minutes_per_lesson').notNullable();
    audit(t, knex);
  });
  await knex.raw(
    'ALTER TABLE trainings ADD COLUMN total_minutes integer GENERATED ALWAYS AS (lesson_hours * minutes_per_lesson) STORED',
  );
  await knex.schema.createTable('management_fees', (t) => {
    t.increments('id');
    t.string('name', 255).notNullable();
    audit(t, knex);
  });
  await knex.schema.createTable('payment_terms', (t) => {
    t.increments('id');
    t.string('name', 100).notNullable();
    t.decimal('percentage', 5, 2).notNullable();
    audit(t, knex);
  });
  await knex.schema.createTable('salary_rules', (t) => {
    t.increments('id');
    t.string('name', 150).notNullable();
    for (const span of ['cutoff', 'attendance_check', 'invoice_send', 'invoice_received']) {
      t.integer(`${span}_from_day`).notNullable();
      t.integer(`${span}_to_day`).notNullable();
    }
    t.integer('invoice_payment_day').notNullable();
    t.integer('payroll_release_day').notNullable();
    audit(t, knex);
  });
  await knex('salary_rules').insert([
    {
      name: 'Cut off 21-20',
      cutoff_from_day: 21,
      cutoff_to_day: 20,
      attendance_check_from_day: 21,
      attendance_check_to_day: 23,
      invoice_send_from_day: 24,
      invoice_send_to_day: 25,
      invoice_received_from_day: 26,
      invoice_received_to_day: 28,
      invoice_payment_day: 5,
      payroll_release_day: 1,
    },
    {
      name: 'Cut off 1-31',
      cutoff_from_day: 1,
      cutoff_to_day: 31,
      attendance_check_from_day: 1,
      attendance_check_to_day: 3,
      invoice_send_from_day: 4,
      invoice_send_to_day: 5,
      invoice_received_from_day: 6,
      invoice_received_to_day: 8,
      invoice_payment_day: 15,
      payroll_release_day: 10,
    },
  ]);
  // Names are unique among live rows (a deleted name may be reused).
  for (const [table, column] of [
    ['company_types', 'name'],
    ['legal_forms', 'name'],
    ['positions', 'name'],
    ['item_categories', 'name'],
    ['management_fees', 'name'],
    ['payment_terms', 'name'],
    ['salary_rules', 'name'],
  ]) {
    await knex.raw(
      `CREATE UNIQUE INDEX ${table}_${column}_live ON ${table} (lower(${column})) WHERE deleted_at IS NULL`,
    );
  }
  for (const [table, column] of [
    ['allowances', 'amount'],
    ['items', 'price'],
    ['item_service_quantities', 'quantity'],
    ['items', 'default_quantity'],
  ]) {
    await knex.raw(`ALTER TABLE ${table} ADD CONSTRAINT ${table}_${column}_check CHECK (${column} >= 0)`);
  }
}

// Sets valid_to of each row to the day before the next row of the same key starts.
async function closePeriods(knex: Knex, table: string, key: string): Promise<void> {
  await knex.raw(`
    UPDATE ${table} t SET valid_to = n.next_from - 1
    FROM (SELECT id, lead(valid_from) OVER (PARTITION BY ${key} ORDER BY valid_from) AS next_from FROM ${table}) n
    WHERE t.id = n.id AND n.next_from IS NOT NULL`);
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'salary_rules',
    'payment_terms',
    'management_fees',
    'trainings',
    'suppliers',
    'item_service_quantities',
    'items',
    'item_categories',
    'allowances',
    'position_requirements',
    'positions',
    'legal_forms',
    'company_types',
    'thr_rules',
    'lead_statuses',
    'hc_categories',
    'loyalty_levels',
    'visit_types',
    'pic_titles',
    'lead_sources',
    'business_sectors',
    'statutory_rates',
    'minimum_wages',
    'villages',
    'districts',
    'cities',
    'provinces',
    'entity_service_lines',
    'service_lines',
    'audit_log',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
