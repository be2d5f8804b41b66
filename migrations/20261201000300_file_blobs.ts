// Shared file store (issue: scale-out): file contents in PostgreSQL, so every API and worker process reads what any
// other wrote (uploads, rendered documents) without a shared disk.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('file_blobs', (t) => {
    t.uuid('key').primary();
    t.binary('content').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('file_blobs');
}
