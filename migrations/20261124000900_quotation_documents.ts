// Rendered quotation documents, one per kind and quotation version: the same version is never rendered twice.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('quotation_documents', (t) => {
    t.integer('quotation_id').notNullable().references('quotations.id').onDelete('CASCADE');
    t.string('kind', 20).notNullable();
    t.integer('version').notNullable();
    t.integer('file_id').notNullable().references('stored_files.id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['quotation_id', 'kind', 'version']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('quotation_documents');
}
