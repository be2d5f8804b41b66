import type { Knex } from 'knex';

// The Location a keyed command answered with, replayed with its body (src/api/request-idempotency.ts).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('idempotency_keys', (t) => {
    t.string('location', 500).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('idempotency_keys', (t) => {
    t.dropColumn('location');
  });
}
