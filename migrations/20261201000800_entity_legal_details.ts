// An entity's legal details for the documents it issues (letterhead, signature block): registered name, tax number
// (NPWP), the director's title and the city its letters are dated from.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('entities', (t) => {
    t.string('legal_name', 200).nullable();
    t.string('npwp', 30).nullable();
    t.string('director_title', 100).nullable();
    t.string('city_code', 5).nullable().references('cities.code');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('entities', (t) => {
    t.dropColumn('city_code');
    t.dropColumn('director_title');
    t.dropColumn('npwp');
    t.dropColumn('legal_name');
  });
}
