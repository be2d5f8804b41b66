// Quotation approval (domain/quotation.md §5): the levels as data (so the disabled GM levels can be switched on),
// the log of every decision and escalation, and the pending level projected on the quotation.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('approval_levels', (t) => {
    t.increments('id');
    t.integer('level').notNullable().unique();
    t.string('name', 100).notNullable();
    t.string('role_code', 50).notNullable().references('roles.code');
    // always | long_top_or_thr_not_provisioned (quotation.md §5, level 2)
    t.string('condition', 40).notNullable();
    t.boolean('is_enabled').notNullable().defaultTo(true);
    t.integer('escalation_hours').notNullable().defaultTo(24);
    t.string('escalation_role_code', 50).nullable().references('roles.code');
  });
  await knex('approval_levels').insert([
    { level: 1, name: 'Direktur Sales', role_code: 'dir_sales', condition: 'always', is_enabled: true },
    {
      level: 2,
      name: 'Direktur Keuangan',
      role_code: 'dir_finance',
      condition: 'long_top_or_thr_not_provisioned',
      is_enabled: true,
    },
    { level: 3, name: 'GM Operasional', role_code: 'gm_operations', condition: 'always', is_enabled: false },
    { level: 4, name: 'GM HCM', role_code: 'gm_hcm', condition: 'always', is_enabled: false },
  ]);

  await knex.schema.createTable('quotation_approval_log', (t) => {
    t.bigIncrements('id');
    t.integer('quotation_id').notNullable().references('quotations.id').onDelete('CASCADE');
    t.integer('submission').notNullable();
    t.integer('level').notNullable();
    t.string('event', 12).notNullable();
    t.integer('user_id').nullable().references('users.id');
    t.string('note', 2000).nullable();
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['quotation_id']);
  });
  await knex.raw(
    `ALTER TABLE quotation_approval_log ADD CONSTRAINT quotation_approval_log_event_check CHECK (event IN ('pending','approved','rejected','escalated'))`,
  );
  // One decision per level of a submission, whatever races.
  await knex.raw(
    `CREATE UNIQUE INDEX quotation_approval_one_decision ON quotation_approval_log (quotation_id, submission, level) WHERE event IN ('approved','rejected')`,
  );

  await knex.schema.alterTable('quotations', (t) => {
    t.integer('submission').notNullable().defaultTo(0);
    t.jsonb('approval_levels').nullable();
    t.integer('pending_level').nullable();
    t.string('pending_role', 50).nullable();
    t.timestamp('submitted_at', { useTz: true }).nullable();
    t.timestamp('approved_at', { useTz: true }).nullable();
    t.index(['pending_role']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('quotations', (t) => {
    for (const c of ['submission', 'approval_levels', 'pending_level', 'pending_role', 'submitted_at', 'approved_at'])
      t.dropColumn(c);
  });
  await knex.schema.dropTableIfExists('quotation_approval_log');
  await knex.schema.dropTableIfExists('approval_levels');
}
