// SPK, the work order (domain/contracts.md §1.1, §1.2, §4): sites snapshotted from approved quotations, each
// quotation site in at most one live SPK site; signed copies kept (NEW: previous versions are not deleted).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('spks', (t) => {
    t.increments('id');
    t.string('number', 100).notNullable().unique();
    t.integer('lead_id').notNullable().references('leads.id');
    t.integer('entity_id').notNullable().references('entities.id');
    t.date('spk_date').notNullable();
    t.string('customer_name', 255).notNullable();
    t.integer('sales_user_id').nullable().references('users.id');
    t.integer('branch_id').nullable().references('branches.id');
    // Lifecycle: written only by the SPK workflow's activities.
    t.string('status', 20).notNullable().defaultTo('draft');
    t.integer('version').notNullable().defaultTo(1);
    t.integer('signed_file_id').nullable().references('stored_files.id');
    t.string('status_reason', 500).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.integer('created_by').nullable().references('users.id');
    t.integer('updated_by').nullable().references('users.id');
    t.index(['lead_id']);
  });
  await knex.raw(
    `ALTER TABLE spks ADD CONSTRAINT spks_status_check CHECK (status IN ('draft','signed','in_pks','active','cancelled'))`,
  );
  await knex.schema.createTable('spk_sites', (t) => {
    t.increments('id');
    t.integer('spk_id').notNullable().references('spks.id');
    t.integer('quotation_id').notNullable().references('quotations.id');
    t.string('quotation_number', 100).notNullable();
    t.string('site_key', 40).notNullable();
    t.string('name', 200).notNullable();
    t.string('province_code', 2).notNullable().references('provinces.code');
    t.string('city_code', 5).notNullable().references('cities.code');
    t.string('placement', 1000).nullable();
    t.decimal('ump', 14, 2).nullable();
    t.decimal('umk', 14, 2).nullable();
    t.integer('headcount').notNullable();
    t.timestamp('removed_at', { useTz: true }).nullable();
    t.integer('removed_by').nullable().references('users.id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(
    'CREATE UNIQUE INDEX spk_sites_one_live ON spk_sites (quotation_id, site_key) WHERE removed_at IS NULL',
  );
  await knex.schema.createTable('spk_signed_files', (t) => {
    t.integer('spk_id').notNullable().references('spks.id');
    t.integer('file_id').notNullable().references('stored_files.id');
    t.integer('uploaded_by').notNullable().references('users.id');
    t.timestamp('uploaded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['spk_id', 'file_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['spk_signed_files', 'spk_sites', 'spks']) await knex.schema.dropTableIfExists(table);
}
