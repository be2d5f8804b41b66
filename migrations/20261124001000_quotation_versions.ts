// Quotation versions (domain/quotation.md §4): the quotation a revision, renewal or addendum was made from, the
// revision number, and which quotation superseded an old one.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('quotations', (t) => {
    t.integer('parent_quotation_id').nullable().references('quotations.id');
    t.integer('revision').notNullable().defaultTo(0);
    t.integer('superseded_by_quotation_id').nullable().references('quotations.id');
    t.index(['parent_quotation_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('quotations', (t) => {
    t.dropColumn('superseded_by_quotation_id');
    t.dropColumn('revision');
    t.dropColumn('parent_quotation_id');
  });
}
