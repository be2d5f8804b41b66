// An entity's logo for its letterheads (issue 13): a stored file, uploaded by an admin.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('entities', (t) => {
    t.integer('logo_file_id').references('stored_files.id');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('entities', (t) => {
    t.dropColumn('logo_file_id');
  });
}
