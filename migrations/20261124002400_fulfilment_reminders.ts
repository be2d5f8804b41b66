// Reminders about contracts whose items are not all delivered when due (contracts.md §12 NEW "fulfilment overdue"):
// one row per reminder, so the daily check reminds each overdue contract once a week and a re-run of a day adds none.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('pks_fulfilment_reminders', (t) => {
    t.increments('id');
    t.integer('pks_id').notNullable().references('pks.id');
    t.date('reminded_on').notNullable();
    t.date('due_date').notNullable();
    t.integer('open_lines').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['pks_id', 'reminded_on']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('pks_fulfilment_reminders');
}
