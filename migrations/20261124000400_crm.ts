// CRM (domain/crm.md): full leads with their service lines and status history, company groups, sales-team
// rules, stored files, customer activities, users' own SMTP settings and the e-mail outbox.
import type { Knex } from 'knex';

function audit(t: Knex.CreateTableBuilder, knex: Knex, softDelete = true): void {
  t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  t.integer('created_by').nullable().references('users.id');
  t.integer('updated_by').nullable().references('users.id');
  if (softDelete) {
    t.timestamp('deleted_at', { useTz: true }).nullable();
    t.integer('deleted_by').nullable().references('users.id');
  }
}

export async function up(knex: Knex): Promise<void> {
  // owner_user_id (from the quotation slice) is the lead's main salesperson: the field data scope tests.
  await knex.schema.alterTable('leads', (t) => {
    t.date('lead_date').notNullable().defaultTo(knex.raw("(now() AT TIME ZONE 'Asia/Jakarta')::date"));
    t.integer('parent_lead_id').nullable().references('leads.id');
    t.string('phone', 50).nullable();
    t.integer('company_type_id').nullable().references('company_types.id');
    t.integer('business_sector_id').nullable().references('business_sectors.id');
    t.integer('legal_form_id').nullable().references('legal_forms.id');
    t.boolean('foreign_capital').notNullable().defaultTo(false);
    t.string('address', 1000).nullable();
    t.string('province_code', 2).nullable().references('provinces.code');
    t.string('city_code', 5).nullable().references('cities.code');
    t.string('district_code', 8).nullable().references('districts.code');
    t.string('village_code', 13).nullable().references('villages.code');
    t.string('pic_name', 150).nullable();
    t.integer('pic_title_id').nullable().references('pic_titles.id');
    t.string('pic_phone', 50).nullable();
    t.string('pic_email', 150).nullable();
    t.integer('source_id').nullable().references('lead_sources.id');
    t.integer('status_id').notNullable().defaultTo(1).references('lead_statuses.id');
    t.text('notes').nullable();
    t.boolean('is_active').notNullable().defaultTo(false);
    // Precomputed for the duplicate-company rule (crm.md §1.4).
    t.string('normalized_name', 255).nullable();
    t.string('core_name', 255).nullable();
    t.integer('deleted_by').nullable().references('users.id');
    t.index(['parent_lead_id']);
    t.index(['status_id']);
    t.index(['lead_date']);
  });
  await knex.raw('ALTER TABLE leads ALTER COLUMN owner_user_id DROP NOT NULL');

  // One row per service line a prospect needs, each with at most one assigned salesperson (NEW invariant).
  await knex.schema.createTable('lead_service_lines', (t) => {
    t.increments('id');
    t.integer('lead_id').notNullable().references('leads.id');
    t.integer('service_line_id').notNullable().references('service_lines.id');
    t.integer('sales_user_id').nullable().references('users.id');
    audit(t, knex);
  });
  await knex.raw(
    'CREATE UNIQUE INDEX lead_service_lines_live ON lead_service_lines (lead_id, service_line_id) WHERE deleted_at IS NULL',
  );

  await knex.schema.createTable('lead_status_history', (t) => {
    t.bigIncrements('id');
    t.integer('lead_id').notNullable().references('leads.id');
    t.integer('from_status_id').nullable().references('lead_statuses.id');
    t.integer('to_status_id').notNullable().references('lead_statuses.id');
    t.string('reason', 200).notNullable();
    t.integer('changed_by').nullable().references('users.id');
    t.timestamp('changed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['lead_id']);
  });

  await knex.schema.createTable('company_groups', (t) => {
    t.increments('id');
    t.string('name', 100).notNullable();
    audit(t, knex, false);
  });
  await knex.raw('CREATE UNIQUE INDEX company_groups_name_unique ON company_groups (lower(name))');
  await knex.schema.createTable('company_group_members', (t) => {
    t.integer('group_id').notNullable().references('company_groups.id').onDelete('CASCADE');
    // A lead belongs to at most one group (NEW: enforced).
    t.integer('lead_id').notNullable().unique().references('leads.id');
    t.integer('created_by').nullable().references('users.id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  // One active team membership per user (NEW), so team scope is unambiguous.
  await knex.schema.alterTable('sales_team_members', (t) => {
    t.unique(['user_id']);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('CREATE UNIQUE INDEX sales_teams_name_branch ON sales_teams (lower(name), coalesce(branch_id, 0))');

  // Uploaded files, kept privately under STORAGE_DIR and served only to users who may see what they belong to.
  await knex.schema.createTable('stored_files', (t) => {
    t.increments('id');
    t.string('storage_key', 100).notNullable().unique();
    t.string('original_name', 255).notNullable();
    t.string('mime_type', 100).notNullable();
    t.integer('size_bytes').notNullable();
    t.string('sha256', 64).notNullable();
    t.integer('uploaded_by').notNullable().references('users.id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('customer_activities', (t) => {
    t.increments('id');
    t.string('number', 60).notNullable().unique();
    t.integer('lead_id').notNullable().references('leads.id');
    t.integer('branch_id').nullable().references('branches.id');
    t.date('activity_date').notNullable();
    t.string('type', 30).notNullable();
    t.text('notes').nullable();
    t.integer('status_id').nullable().references('lead_statuses.id');
    t.string('start_time', 5).nullable();
    t.string('end_time', 5).nullable();
    t.integer('duration_minutes').nullable();
    t.date('realization_date').nullable();
    t.string('realization_time', 5).nullable();
    t.string('recipient', 255).nullable();
    t.integer('visit_type_id').nullable().references('visit_types.id');
    // false: written by the system (lead created, assignment…), true: an interaction a user entered.
    t.boolean('is_user_entered').notNullable().defaultTo(true);
    audit(t, knex);
    t.index(['lead_id', 'activity_date']);
  });
  await knex.schema.createTable('customer_activity_files', (t) => {
    t.integer('activity_id').notNullable().references('customer_activities.id').onDelete('CASCADE');
    t.integer('file_id').notNullable().references('stored_files.id');
    t.primary(['activity_id', 'file_id']);
  });

  await knex.schema.createTable('user_email_configs', (t) => {
    t.integer('user_id').primary().references('users.id').onDelete('CASCADE');
    t.string('host', 255).notNullable();
    t.integer('port').notNullable();
    t.boolean('secure').notNullable();
    t.string('username', 150).notNullable();
    // AES-256-GCM under the app's secrets key; never returned by the API.
    t.text('password_encrypted').notNullable();
    t.string('from_address', 150).nullable();
    t.string('from_name', 150).nullable();
    t.boolean('is_active').notNullable().defaultTo(true);
    audit(t, knex, false);
  });

  // The outbox: one message per send request, delivered by a Temporal workflow with retries.
  await knex.schema.createTable('email_messages', (t) => {
    t.increments('id');
    t.integer('activity_id').notNullable().references('customer_activities.id');
    t.integer('sender_user_id').notNullable().references('users.id');
    t.string('subject', 255).notNullable();
    t.text('body').notNullable();
    t.jsonb('to').notNullable();
    t.jsonb('cc').notNullable();
    t.jsonb('bcc').notNullable();
    t.string('status', 10).notNullable().defaultTo('queued');
    t.string('error', 1000).nullable();
    t.string('smtp_message_id', 255).nullable();
    t.integer('attempts').notNullable().defaultTo(0);
    t.timestamp('sent_at', { useTz: true }).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(
    `ALTER TABLE email_messages ADD CONSTRAINT email_messages_status_check CHECK (status IN ('queued','sent','partial','failed'))`,
  );
  await knex.schema.createTable('email_message_files', (t) => {
    t.integer('message_id').notNullable().references('email_messages.id').onDelete('CASCADE');
    t.integer('file_id').notNullable().references('stored_files.id');
    t.primary(['message_id', 'file_id']);
  });
  await knex.schema.createTable('email_deliveries', (t) => {
    t.integer('message_id').notNullable().references('email_messages.id').onDelete('CASCADE');
    t.string('recipient', 255).notNullable();
    t.string('kind', 3).notNullable();
    t.string('status', 10).notNullable();
    t.string('detail', 500).nullable();
    t.primary(['message_id', 'recipient']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'email_deliveries',
    'email_message_files',
    'email_messages',
    'user_email_configs',
    'customer_activity_files',
    'customer_activities',
    'stored_files',
    'company_group_members',
    'company_groups',
    'lead_status_history',
    'lead_service_lines',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
  await knex.raw('DROP INDEX IF EXISTS sales_teams_name_branch');
  await knex.schema.alterTable('sales_team_members', (t) => {
    t.dropUnique(['user_id']);
    t.dropColumn('created_at');
  });
  await knex.raw('ALTER TABLE leads ALTER COLUMN owner_user_id SET NOT NULL');
  await knex.schema.alterTable('leads', (t) => {
    for (const column of [
      'lead_date',
      'parent_lead_id',
      'phone',
      'company_type_id',
      'business_sector_id',
      'legal_form_id',
      'foreign_capital',
      'address',
      'province_code',
      'city_code',
      'district_code',
      'village_code',
      'pic_name',
      'pic_title_id',
      'pic_phone',
      'pic_email',
      'source_id',
      'status_id',
      'notes',
      'is_active',
      'normalized_name',
      'core_name',
      'deleted_by',
    ])
      t.dropColumn(column);
  });
}
