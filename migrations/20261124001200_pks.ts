// PKS, the partnership agreement (domain/contracts.md §1.3–§1.5, §5–§8): contract header and commercial snapshot,
// contract sites from SPK sites, generated clauses, the checklist, approvals, signed copies.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('pks', (t) => {
    t.increments('id');
    t.string('number', 100).notNullable().unique();
    t.string('type', 10).notNullable().defaultTo('baru');
    t.integer('parent_pks_id').nullable().references('pks.id');
    t.integer('lead_id').notNullable().references('leads.id');
    t.integer('entity_id').notNullable().references('entities.id');
    t.integer('primary_quotation_id').notNullable().references('quotations.id');
    t.date('pks_date').notNullable();
    t.date('contract_start').notNullable();
    t.date('contract_end').notNullable();
    t.integer('salary_rule_id').notNullable().references('salary_rules.id');
    t.integer('thr_rule_id').notNullable().references('thr_rules.id');
    t.integer('hc_category_id').nullable().references('hc_categories.id');
    t.integer('loyalty_level_id').nullable().references('loyalty_levels.id');
    t.string('customer_name', 255).notNullable();
    t.integer('sales_user_id').nullable().references('users.id');
    t.integer('branch_id').nullable().references('branches.id');
    t.jsonb('commercial').notNullable();
    t.jsonb('checklist').nullable();
    // Lifecycle: written only by the PKS workflow's activities.
    t.string('status', 20).notNullable().defaultTo('draft');
    t.string('status_reason', 500).nullable();
    t.integer('version').notNullable().defaultTo(1);
    t.integer('pending_level').nullable();
    t.string('pending_role', 50).nullable();
    t.integer('signed_file_id').nullable().references('stored_files.id');
    t.timestamp('activated_at', { useTz: true }).nullable();
    t.integer('activated_by').nullable().references('users.id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.integer('created_by').nullable().references('users.id');
    t.integer('updated_by').nullable().references('users.id');
    t.index(['lead_id']);
  });
  await knex.raw(
    `ALTER TABLE pks ADD CONSTRAINT pks_status_check CHECK (status IN ('draft','submitted','awaiting_signed','awaiting_activation','active','expired','cancelled'))`,
  );
  await knex.raw('ALTER TABLE pks ADD CONSTRAINT pks_period_check CHECK (contract_end > contract_start)');
  await knex.schema.createTable('pks_sites', (t) => {
    t.increments('id');
    t.integer('pks_id').notNullable().references('pks.id');
    // An SPK site feeds at most one contract site.
    t.integer('spk_site_id').notNullable().unique().references('spk_sites.id');
    t.string('number', 120).notNullable();
    t.string('project_name', 300).notNullable();
    t.string('name', 200).notNullable();
    t.string('city_code', 5).notNullable().references('cities.code');
    t.string('placement', 1000).nullable();
    t.integer('headcount').notNullable();
  });
  await knex.schema.createTable('pks_clauses', (t) => {
    t.integer('pks_id').notNullable().references('pks.id');
    t.integer('position').notNullable();
    t.string('section', 30).notNullable();
    t.string('title', 255).notNullable();
    t.text('text').notNullable();
    t.primary(['pks_id', 'position']);
  });
  await knex.schema.createTable('pks_approval_log', (t) => {
    t.bigIncrements('id');
    t.integer('pks_id').notNullable().references('pks.id');
    t.integer('level').notNullable();
    t.string('event', 12).notNullable();
    t.integer('user_id').nullable().references('users.id');
    t.string('note', 2000).nullable();
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('pks_signed_files', (t) => {
    t.integer('pks_id').notNullable().references('pks.id');
    t.integer('file_id').notNullable().references('stored_files.id');
    t.integer('uploaded_by').notNullable().references('users.id');
    t.timestamp('uploaded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['pks_id', 'file_id']);
  });
  await knex.schema.createTable('pks_reminders', (t) => {
    t.integer('pks_id').notNullable().references('pks.id');
    t.integer('days_before').notNullable();
    t.timestamp('sent_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['pks_id', 'days_before']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['pks_reminders', 'pks_signed_files', 'pks_approval_log', 'pks_clauses', 'pks_sites', 'pks'])
    await knex.schema.dropTableIfExists(table);
}
