// Operations (RO) and CRM officers of a lead (crm.md §2): a primary officer and a small team each. They are
// responsible for the lead like its salespeople, so "own" data scope includes them.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('lead_officers', (t) => {
    t.integer('lead_id').notNullable().references('leads.id');
    t.string('kind', 3).notNullable();
    t.integer('user_id').notNullable().references('users.id');
    t.boolean('is_primary').notNullable();
    t.integer('assigned_by').nullable().references('users.id');
    t.timestamp('assigned_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['lead_id', 'kind', 'user_id']);
    t.index(['user_id']);
  });
  await knex.raw(`ALTER TABLE lead_officers ADD CONSTRAINT lead_officers_kind_check CHECK (kind IN ('ro','crm'))`);
  await knex.raw('CREATE UNIQUE INDEX lead_officers_one_primary ON lead_officers (lead_id, kind) WHERE is_primary');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('lead_officers');
}
