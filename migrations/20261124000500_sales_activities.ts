// Sales activities (crm.md §6): a salesperson's work on one service line of a lead, with files.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('sales_activities', (t) => {
    t.increments('id');
    t.integer('lead_id').notNullable().references('leads.id');
    t.integer('lead_service_line_id').notNullable().references('lead_service_lines.id');
    t.date('activity_date').notNullable();
    t.string('type', 30).notNullable();
    t.text('minutes').notNullable();
    t.string('start_time', 5).nullable();
    t.string('end_time', 5).nullable();
    t.integer('duration_minutes').nullable();
    t.string('recipient', 255).nullable();
    t.integer('visit_type_id').nullable().references('visit_types.id');
    t.integer('quotation_id').nullable().references('quotations.id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.integer('created_by').nullable().references('users.id');
    t.integer('updated_by').nullable().references('users.id');
    t.timestamp('deleted_at', { useTz: true }).nullable();
    t.integer('deleted_by').nullable().references('users.id');
    t.index(['lead_id']);
    t.index(['activity_date']);
  });
  await knex.schema.createTable('sales_activity_files', (t) => {
    t.integer('activity_id').notNullable().references('sales_activities.id').onDelete('CASCADE');
    t.integer('file_id').notNullable().references('stored_files.id');
    t.primary(['activity_id', 'file_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('sales_activity_files');
  await knex.schema.dropTableIfExists('sales_activities');
}
