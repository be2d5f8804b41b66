import type { Knex } from 'knex';

// Notices business runs hand over (activities/notice-outbox.ts) and the worker's dispatcher sends
// (src/main/notice-dispatcher.ts): a run never waits for mail, and each notice is sent once.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('notice_outbox', (t) => {
    t.bigIncrements('id');
    // Made by the run that queued it, so a retried hand-over queues nothing twice.
    t.string('key', 300).notNullable().unique();
    t.string('channel', 20).notNullable();
    t.jsonb('notice').notNullable();
    t.string('status', 10).notNullable().defaultTo('pending');
    t.integer('attempts').notNullable().defaultTo(0);
    t.string('last_error', 1000).nullable();
    t.timestamp('next_attempt_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    // A dispatcher's claim while it sends; an expired lease (its worker died) lets another take the row.
    t.timestamp('lease_until', { useTz: true }).nullable();
    t.timestamp('notified_at', { useTz: true }).nullable();
    t.timestamp('sent_at', { useTz: true }).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(
    `ALTER TABLE notice_outbox ADD CONSTRAINT notice_outbox_status_check CHECK (status IN ('pending','sent','failed'))`,
  );
  await knex.raw(`CREATE INDEX notice_outbox_due ON notice_outbox (next_attempt_at) WHERE status = 'pending'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('notice_outbox');
}
