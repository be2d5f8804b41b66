// In-app notifications for every module's events, with per-user read state.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('notifications', (t) => {
    t.bigIncrements('id');
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.string('module', 20).notNullable();
    t.integer('document_id').notNullable();
    t.string('event', 30).notNullable();
    t.string('message', 500).notNullable();
    t.boolean('is_read').notNullable().defaultTo(false);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['user_id', 'is_read']);
  });
  // A retried notice never notifies twice.
  await knex.raw(
    'CREATE UNIQUE INDEX notifications_once ON notifications (user_id, module, document_id, event, message)',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('notifications');
}
