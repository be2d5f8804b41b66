// Rendered documents (quotation, calculation summary, SPK, PKS agreement), one per owner, kind and owner version:
// the same version is never rendered twice.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('rendered_documents', (t) => {
    t.string('owner_type', 20).notNullable();
    t.integer('owner_id').notNullable();
    t.string('kind', 20).notNullable();
    t.integer('version').notNullable();
    t.integer('file_id').notNullable().references('stored_files.id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['owner_type', 'owner_id', 'kind', 'version']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('rendered_documents');
}
