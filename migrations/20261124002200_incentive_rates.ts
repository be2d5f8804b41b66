// Incentive rates per role (domain/crm.md §11 NEW, optional): the share of monthly revenue a salesperson of the role
// earns, dated so a change never rewrites past months. None are seeded: finance records them.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('incentive_rates', (t) => {
    t.increments('id');
    t.integer('role_id').notNullable().references('roles.id');
    t.decimal('rate_percent', 5, 2).notNullable();
    t.date('valid_from').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.integer('created_by').nullable().references('users.id');
    t.integer('updated_by').nullable().references('users.id');
  });
  await knex.raw(
    'ALTER TABLE incentive_rates ADD CONSTRAINT incentive_rates_range CHECK (rate_percent >= 0 AND rate_percent <= 100)',
  );
  await knex.raw('CREATE UNIQUE INDEX incentive_rates_key ON incentive_rates (role_id, valid_from)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('incentive_rates');
}
