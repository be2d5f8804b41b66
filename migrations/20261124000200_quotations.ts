// The quotation slice: a minimal lead (CRM extends it), quotations as a projection of their workflow,
// atomic document numbering and idempotency keys for commands.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // Lead codes come from an atomic counter (domain/lead-code.ts turns the number into AAAAA…).
  await knex.raw('CREATE SEQUENCE lead_code_seq START WITH 0 MINVALUE 0');
  await knex.schema.createTable('leads', (t) => {
    t.increments('id');
    t.string('code', 5).notNullable().unique();
    t.string('company_name', 255).notNullable();
    t.integer('branch_id').nullable().references('branches.id');
    t.integer('owner_user_id').notNullable().references('users.id');
    t.timestamp('deleted_at', { useTz: true }).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.integer('created_by').nullable();
    t.integer('updated_by').nullable();
  });

  // Highest number used per prefix; incremented with UPDATE … RETURNING so concurrent creates never collide.
  await knex.schema.createTable('document_sequences', (t) => {
    t.string('prefix', 100).primary();
    t.integer('last_value').notNullable();
  });

  await knex.schema.createTable('quotations', (t) => {
    t.increments('id');
    t.string('number', 100).notNullable().unique();
    t.string('type', 10).notNullable().defaultTo('baru');
    t.integer('lead_id').notNullable().references('leads.id');
    t.integer('entity_id').notNullable().references('entities.id');
    t.integer('branch_id').nullable().references('branches.id');
    t.integer('sales_user_id').notNullable().references('users.id');
    t.string('customer_name', 255).notNullable();
    // Lifecycle columns: written only by the quotation workflow's activities.
    t.string('status', 20).notNullable().defaultTo('draft');
    t.integer('step').notNullable().defaultTo(0);
    t.integer('version').notNullable().defaultTo(1);
    t.string('status_reason', 1000).nullable();
    // Step 1
    t.string('contract_kind', 20).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.integer('created_by').nullable().references('users.id');
    t.integer('updated_by').nullable().references('users.id');
    t.index(['sales_user_id']);
    t.index(['entity_id']);
  });

  await knex.schema.createTable('idempotency_keys', (t) => {
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.string('key', 200).notNullable();
    t.string('operation', 100).notNullable();
    t.string('request_hash', 64).notNullable();
    t.integer('status_code').notNullable();
    t.jsonb('response').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['user_id', 'key']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('idempotency_keys');
  await knex.schema.dropTableIfExists('quotations');
  await knex.schema.dropTableIfExists('document_sequences');
  await knex.schema.dropTableIfExists('leads');
  await knex.raw('DROP SEQUENCE IF EXISTS lead_code_seq');
}
