// A rendered document is kept per the data it was made from (a hash, which also covers the template), not only per
// its owner's version: a correction to the customer or the entity (which does not change a contract's version)
// renders afresh.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('rendered_documents', (t) => {
    t.dropPrimary();
    // Rows from before: no hash matches them, so they are simply never served again.
    t.string('data_hash', 64).notNullable().defaultTo('');
  });
  await knex.schema.alterTable('rendered_documents', (t) =>
    t.primary(['owner_type', 'owner_id', 'kind', 'version', 'format', 'data_hash']),
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex('rendered_documents').whereNot({ data_hash: '' }).delete();
  await knex.schema.alterTable('rendered_documents', (t) => {
    t.dropPrimary();
    t.dropColumn('data_hash');
  });
  await knex.schema.alterTable('rendered_documents', (t) =>
    t.primary(['owner_type', 'owner_id', 'kind', 'version', 'format']),
  );
}
