// Continents and countries (issue 16: the options the old system offered for a customer's origin): ISO 3166-1
// alpha-2 codes with Indonesian and English names, generated once from countries-list 3.4.1 and
// i18n-iso-countries 7.14.0 into migrations/data (the packages are not dependencies).
import path from 'node:path';
import type { Knex } from 'knex';
import { readCsv } from '../src/db/csv';

const data = (file: string) => path.join(__dirname, 'data', file);

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('continents', (t) => {
    t.string('code', 2).primary();
    t.string('name', 50).notNullable();
    t.string('name_en', 50).notNullable();
  });
  await knex.schema.createTable('countries', (t) => {
    t.string('code', 2).primary();
    t.string('name', 100).notNullable();
    t.string('name_en', 100).notNullable();
    t.string('continent_code', 2).notNullable().references('continents.code');
    t.index(['continent_code']);
  });
  await knex('continents').insert(readCsv(data('continents.csv')));
  await knex('countries').insert(readCsv(data('countries.csv')));
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('countries');
  await knex.schema.dropTableIfExists('continents');
}
