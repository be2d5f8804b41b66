// Documents are rendered as PDF or DOCX (contracts.md §4.5, §6): the format is part of a rendered document's key.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('rendered_documents', (t) => {
    t.dropPrimary();
    t.string('format', 5).notNullable().defaultTo('pdf');
  });
  await knex.raw(
    `ALTER TABLE rendered_documents ADD CONSTRAINT rendered_documents_format_check CHECK (format IN ('pdf','docx'))`,
  );
  await knex.schema.alterTable('rendered_documents', (t) =>
    t.primary(['owner_type', 'owner_id', 'kind', 'version', 'format']),
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex('rendered_documents').where({ format: 'docx' }).delete();
  await knex.schema.alterTable('rendered_documents', (t) => {
    t.dropPrimary();
    t.dropColumn('format');
  });
  await knex.schema.alterTable('rendered_documents', (t) => t.primary(['owner_type', 'owner_id', 'kind', 'version']));
}
