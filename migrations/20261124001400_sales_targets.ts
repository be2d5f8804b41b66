// Sales targets (domain/crm.md §9): personal, branch or company; monthly or yearly; one per key.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('sales_targets', (t) => {
    t.increments('id');
    t.string('type', 10).notNullable();
    t.string('period_type', 10).notNullable();
    t.integer('year').notNullable();
    t.integer('month').nullable();
    t.decimal('target_amount', 16, 2).notNullable();
    t.integer('user_id').nullable().references('users.id');
    t.integer('branch_id').nullable().references('branches.id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.integer('created_by').nullable().references('users.id');
    t.integer('updated_by').nullable().references('users.id');
  });
  await knex.raw(`ALTER TABLE sales_targets ADD CONSTRAINT sales_targets_shape CHECK (
    type IN ('personal','branch','company') AND period_type IN ('monthly','yearly') AND target_amount >= 0
    AND ((period_type = 'monthly') = (month IS NOT NULL))
    AND ((type = 'personal') = (user_id IS NOT NULL)) AND ((type = 'branch') = (branch_id IS NOT NULL)))`);
  await knex.raw(
    'CREATE UNIQUE INDEX sales_targets_key ON sales_targets (type, period_type, year, coalesce(month, 0), coalesce(user_id, 0), coalesce(branch_id, 0))',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('sales_targets');
}
