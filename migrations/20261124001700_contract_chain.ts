// Contracts after their first version (domain/contracts.md §5.1, §6.4, §8, §9, NEW): renewals (rekontrak) and
// addenda chained to a parent PKS, contract sites priced by a quotation without an SPK, amendments that change a
// contract's monthly amount from a month on, superseded and terminated contracts, and clause edits with history.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE pks DROP CONSTRAINT pks_status_check');
  await knex.raw(
    `ALTER TABLE pks ADD CONSTRAINT pks_status_check CHECK (status IN ('draft','submitted','awaiting_signed','awaiting_activation','active','expired','cancelled','superseded','terminated'))`,
  );
  await knex.schema.alterTable('pks', (t) => {
    // Addendum: the day its changes take effect in the parent contract.
    t.date('effective_date').nullable();
    // Termination, or the last day of a contract its renewal replaced: revenue stops after this day's month.
    t.date('terminated_on').nullable();
    t.integer('superseded_by_pks_id').nullable().references('pks.id');
    t.index(['parent_pks_id']);
  });
  await knex.raw(`ALTER TABLE pks ADD CONSTRAINT pks_type_check CHECK (type IN ('baru','rekontrak','addendum'))`);
  await knex.raw(
    `ALTER TABLE pks ADD CONSTRAINT pks_chain_check CHECK ((type = 'baru') = (parent_pks_id IS NULL) AND (type = 'addendum') = (effective_date IS NOT NULL))`,
  );

  // Renewal and addendum sites come straight from their quotation's sites (no SPK).
  await knex.schema.alterTable('pks_sites', (t) => {
    t.integer('spk_site_id').nullable().alter();
    t.integer('quotation_id').nullable().references('quotations.id');
    t.string('site_key', 40).nullable();
  });
  await knex.raw(
    'ALTER TABLE pks_sites ADD CONSTRAINT pks_sites_source_check CHECK ((spk_site_id IS NULL) = (quotation_id IS NOT NULL AND site_key IS NOT NULL))',
  );
  await knex.raw(
    'CREATE UNIQUE INDEX pks_sites_quotation_site ON pks_sites (quotation_id, site_key) WHERE spk_site_id IS NULL',
  );

  await knex.schema.createTable('pks_amendments', (t) => {
    t.increments('id');
    t.integer('parent_pks_id').notNullable().references('pks.id');
    t.integer('addendum_pks_id').notNullable().unique().references('pks.id');
    t.string('effective_month', 7).notNullable();
    t.decimal('monthly_amount', 16, 2).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.alterTable('pks_clauses', (t) => {
    t.timestamp('updated_at', { useTz: true }).nullable();
    t.integer('updated_by').nullable().references('users.id');
  });
  await knex.schema.createTable('pks_clause_history', (t) => {
    t.bigIncrements('id');
    t.integer('pks_id').notNullable().references('pks.id');
    t.integer('position').notNullable();
    t.string('change', 10).notNullable(); // edited | deleted
    t.string('title', 255).notNullable();
    t.text('text').notNullable();
    t.integer('changed_by').nullable().references('users.id');
    t.timestamp('changed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['pks_id', 'position']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('pks_clause_history');
  await knex.schema.alterTable('pks_clauses', (t) => {
    t.dropColumn('updated_by');
    t.dropColumn('updated_at');
  });
  await knex.schema.dropTableIfExists('pks_amendments');
  await knex.raw('DROP INDEX IF EXISTS pks_sites_quotation_site');
  await knex.raw('ALTER TABLE pks_sites DROP CONSTRAINT pks_sites_source_check');
  await knex.schema.alterTable('pks_sites', (t) => {
    t.dropColumn('site_key');
    t.dropColumn('quotation_id');
  });
  await knex.raw('ALTER TABLE pks DROP CONSTRAINT pks_chain_check');
  await knex.raw('ALTER TABLE pks DROP CONSTRAINT pks_type_check');
  await knex.schema.alterTable('pks', (t) => {
    t.dropIndex(['parent_pks_id']);
    t.dropColumn('superseded_by_pks_id');
    t.dropColumn('terminated_on');
    t.dropColumn('effective_date');
  });
  await knex.raw('ALTER TABLE pks DROP CONSTRAINT pks_status_check');
  await knex.raw(
    `ALTER TABLE pks ADD CONSTRAINT pks_status_check CHECK (status IN ('draft','submitted','awaiting_signed','awaiting_activation','active','expired','cancelled'))`,
  );
}
