// Branches are set up through the API (POST /api/master/branches) with where they are: province and city.
// Existing rows keep no location until an administrator gives them one.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('branches', (t) => {
    t.string('province_code', 2).nullable().references('provinces.code');
    t.string('city_code', 5).nullable().references('cities.code');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('branches', (t) => {
    t.dropColumn('city_code');
    t.dropColumn('province_code');
  });
}
