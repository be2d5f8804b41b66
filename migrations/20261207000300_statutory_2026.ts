import type { Knex } from 'knex';

// The 2026 statutory figures (docs/statutory-data.md): the JP wage cap from 1 March 2026 and Papua Selatan's 2026 UMP,
// with a note column on both tables for what a row's source leaves in doubt.
const JP_CAP_2026 = {
  code: 'bpjs_jp_wage_cap',
  description: 'JP wage ceiling 2026',
  value: 11086300,
  unit: 'idr',
  valid_from: '2026-03-01',
  basis: 'PP 45/2015 Pasal 29; BPJS Ketenagakerjaan letter of February 2026',
  note:
    'As published: 10,547,400 × (1 + 5.11 % GDP growth 2025, BPS 2026-02-05) rounded down to the hundred. ' +
    'Letter number disputed between sources: B/1226/022026 (25 Feb 2026) or B/3307/022026. Sources: mondaq.com ' +
    '"Socialization Of Pension Wage Limit Regulations For The Year 2026 (Indonesia)" (2026-03-12); ' +
    'indonesia.incorp.asia/blogs/pension-contributions-indonesia.',
};

const PAPUA_SELATAN_UMP_2026 = {
  kind: 'ump',
  province_code: '93',
  amount: 4508850,
  valid_from: '2026-01-01',
  source: 'https://vivasulut.com/',
  note:
    'Unverified: from a secondary list of national media (vivasulut.com, 2025-12-27); no governor’s decree found. ' +
    'Replace with the decree when an administrator has it.',
};

// A row appended to an effective-dated table unless its key already has a row from that day (an administrator may
// have recorded it by hand); the open period before it ends the day before.
async function append(knex: Knex, table: string, key: Record<string, string | null>, row: Record<string, unknown>) {
  const from = row.valid_from as string;
  if (await knex(table).where(key).where('valid_from', from).first()) return;
  await knex(table)
    .where(key)
    .where('valid_from', '<', from)
    .where((w) => w.whereNull('valid_to').orWhere('valid_to', '>=', from))
    .update({ valid_to: knex.raw('?::date - 1', [from]) });
  const next = await knex(table).where(key).where('valid_from', '>', from).orderBy('valid_from').first();
  await knex(table).insert({ ...row, valid_to: next ? knex.raw('?::date - 1', [next.valid_from]) : null });
}

export async function up(knex: Knex): Promise<void> {
  for (const table of ['statutory_rates', 'minimum_wages'])
    await knex.schema.alterTable(table, (t) => {
      t.string('note', 1000).nullable();
    });
  await append(knex, 'statutory_rates', { code: JP_CAP_2026.code }, JP_CAP_2026);
  await append(knex, 'minimum_wages', { kind: 'ump', province_code: '93', sector: null }, PAPUA_SELATAN_UMP_2026);
}

export async function down(knex: Knex): Promise<void> {
  await knex('statutory_rates').where({ code: JP_CAP_2026.code, valid_from: JP_CAP_2026.valid_from }).delete();
  await knex('statutory_rates').where({ code: JP_CAP_2026.code, valid_to: '2026-02-28' }).update({ valid_to: null });
  await knex('minimum_wages').where({ kind: 'ump', province_code: '93', valid_from: '2026-01-01' }).delete();
  await knex('minimum_wages')
    .where({ kind: 'ump', province_code: '93', valid_to: '2025-12-31' })
    .whereNull('sector')
    .update({ valid_to: null });
  for (const table of ['statutory_rates', 'minimum_wages'])
    await knex.schema.alterTable(table, (t) => {
      t.dropColumn('note');
    });
}
