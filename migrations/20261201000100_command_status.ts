// Command status (issue: commands never hold the database while they wait): an Idempotency-Key row is claimed
// as pending before the workflow Update is sent and completed after it, so a command that outlives its deadline is
// answered 202 and can be looked up at /api/commands/{key} until its outcome is known.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('idempotency_keys', (t) => {
    t.string('state', 20).notNullable().defaultTo('succeeded');
    t.string('workflow_id', 200).nullable();
    t.string('subject', 200).nullable();
    t.integer('status_code').nullable().alter();
    t.jsonb('response').nullable().alter();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`ALTER TABLE idempotency_keys ADD CONSTRAINT idempotency_keys_state_check
    CHECK (state IN ('pending', 'succeeded', 'rejected', 'not_applied'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_state_check');
  await knex('idempotency_keys').whereNot({ state: 'succeeded' }).delete();
  await knex.schema.alterTable('idempotency_keys', (t) => {
    t.dropColumn('state');
    t.dropColumn('workflow_id');
    t.dropColumn('subject');
    t.dropColumn('updated_at');
    t.integer('status_code').notNullable().alter();
    t.jsonb('response').notNullable().alter();
  });
}
