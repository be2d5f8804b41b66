// Customer complaints about active contracts (domain/contracts.md §13, NEW: created and resolved through their own
// run, escalated when their SLA passes).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('pks_complaints', (t) => {
    t.increments('id');
    t.integer('pks_id').notNullable().references('pks.id');
    t.string('title', 200).notNullable();
    t.string('type', 30).notNullable();
    t.string('collaborator', 200).nullable();
    t.text('description').notNullable();
    // Lifecycle: written only by the complaint workflow's activities.
    t.string('status', 10).notNullable().defaultTo('open');
    t.integer('version').notNullable().defaultTo(1);
    t.timestamp('sla_due_at', { useTz: true }).notNullable();
    t.integer('escalations').notNullable().defaultTo(0);
    t.text('resolution').nullable();
    t.integer('resolved_by').nullable().references('users.id');
    t.timestamp('resolved_at', { useTz: true }).nullable();
    t.integer('created_by').notNullable().references('users.id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['pks_id']);
  });
  await knex.raw(
    `ALTER TABLE pks_complaints ADD CONSTRAINT pks_complaints_status_check CHECK (status IN ('open','resolved'))`,
  );
  await knex.schema.createTable('pks_complaint_files', (t) => {
    t.integer('complaint_id').notNullable().references('pks_complaints.id').onDelete('CASCADE');
    t.integer('file_id').notNullable().references('stored_files.id');
    t.primary(['complaint_id', 'file_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('pks_complaint_files');
  await knex.schema.dropTableIfExists('pks_complaints');
}
