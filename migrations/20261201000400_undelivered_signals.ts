// Signals a run could not deliver to another (the target had ended or failed): recorded, never dropped silently.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('undelivered_signals', (t) => {
    t.increments('id');
    t.string('from_workflow_id', 250).notNullable();
    t.string('target_workflow_id', 250).notNullable();
    t.string('signal', 100).notNullable();
    t.jsonb('payload').notNullable();
    t.text('error').notNullable();
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    // One record per signal a run sends: an activity retry writes nothing twice.
    t.unique(['from_workflow_id', 'target_workflow_id', 'signal', 'payload']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('undelivered_signals');
}
