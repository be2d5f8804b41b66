// Contract activities (domain/contracts.md §13): an interaction logged against a PKS is a user activity on the
// PKS's lead that also names the contract, so the lead's timeline shows it and the contract lists its own.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('customer_activities', (t) => {
    t.integer('pks_id').nullable().references('pks.id');
    t.index(['pks_id', 'activity_date']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('customer_activities', (t) => {
    t.dropIndex(['pks_id', 'activity_date']);
    t.dropColumn('pks_id');
  });
}
