// Notice deliveries (issue: no business process dies of a side channel): an e-mail a run could not send is handed
// to a delivery run that retries on a long schedule; its state (attempts, last error) is recorded here for ops.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('notice_deliveries', (t) => {
    t.string('workflow_id', 250).primary();
    t.string('channel', 20).notNullable();
    t.jsonb('notice').notNullable();
    t.string('status', 20).notNullable();
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error').nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`ALTER TABLE notice_deliveries ADD CONSTRAINT notice_deliveries_status_check
    CHECK (status IN ('retrying', 'delivered', 'failed'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('notice_deliveries');
}
