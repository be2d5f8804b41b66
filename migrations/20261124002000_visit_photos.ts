// Photos taken on a customer visit (domain/contracts.md §11.3), kept as private files.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('pks_visit_files', (t) => {
    t.integer('visit_id').notNullable().references('pks_visits.id').onDelete('CASCADE');
    t.integer('file_id').notNullable().references('stored_files.id');
    t.primary(['visit_id', 'file_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('pks_visit_files');
}
