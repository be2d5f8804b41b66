// Document templates as data (issue 13): an entity's own Carbone template per document kind, uploaded by an admin
// and versioned (append-only); the newest version not retired is the one in use, else the built-in template.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('document_templates', (t) => {
    t.increments('id');
    t.integer('entity_id').notNullable().references('entities.id');
    t.string('kind', 20).notNullable();
    t.integer('version').notNullable();
    t.string('file_name', 255).notNullable();
    t.string('extension', 5).notNullable();
    t.binary('content').notNullable();
    t.string('sha256', 64).notNullable();
    t.integer('uploaded_by').notNullable().references('users.id');
    t.timestamp('uploaded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('retired_at', { useTz: true });
    t.integer('retired_by').references('users.id');
    t.unique(['entity_id', 'kind', 'version']);
  });
  await knex.raw(`ALTER TABLE document_templates ADD CONSTRAINT document_templates_kind_check
    CHECK (kind IN ('quotation', 'calculation', 'spk', 'agreement'))`);
  await knex.raw(`ALTER TABLE document_templates ADD CONSTRAINT document_templates_extension_check
    CHECK (extension IN ('html', 'docx', 'odt'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('document_templates');
}
