// Whether a catalogue allowance is a tunjangan tetap (paid whatever the attendance): under the statutory pricing
// policy fixed allowances are part of the wage BPJS, THR and compensation are computed on. Existing allowances are
// not fixed until someone says so, so no quotation's price changes by this migration.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('allowances', (t) => {
    t.boolean('is_fixed').notNullable().defaultTo(false);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('allowances', (t) => {
    t.dropColumn('is_fixed');
  });
}
