// Closed months of sales revenue (issue: revenue defined correctly): a closing freezes the month's revenue per
// salesperson, so later edits of contracts do not rewrite history.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('revenue_closings', (t) => {
    t.string('month', 7).primary();
    t.string('closed_by_run', 200).notNullable();
    t.timestamp('closed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('revenue_snapshots', (t) => {
    t.string('month', 7).notNullable().references('revenue_closings.month');
    t.integer('user_id').notNullable().references('users.id');
    t.decimal('amount', 16, 2).notNullable();
    t.primary(['month', 'user_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('revenue_snapshots');
  await knex.schema.dropTableIfExists('revenue_closings');
}
