// The inputs of quotation steps 2–12, one document per step (validated by the API, written only by the quotation
// workflow's activity), and the latest calculation priced from them.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('quotation_steps', (t) => {
    t.integer('quotation_id').notNullable().references('quotations.id').onDelete('CASCADE');
    t.integer('step').notNullable();
    t.jsonb('data').notNullable();
    t.integer('saved_by').nullable().references('users.id');
    t.timestamp('saved_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['quotation_id', 'step']);
  });
  await knex.raw('ALTER TABLE quotation_steps ADD CONSTRAINT quotation_steps_step_check CHECK (step BETWEEN 2 AND 12)');
  await knex.schema.alterTable('quotations', (t) => {
    t.jsonb('calculation').nullable();
    t.timestamp('calculated_at', { useTz: true }).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('quotations', (t) => {
    t.dropColumn('calculation');
    t.dropColumn('calculated_at');
  });
  await knex.schema.dropTableIfExists('quotation_steps');
}
