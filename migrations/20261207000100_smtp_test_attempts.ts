import type { Knex } from 'knex';

// Each test of a user's own SMTP settings, for its per-user rate limit (src/db/smtp-test-attempts.ts).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('smtp_test_attempts', (t) => {
    t.bigIncrements('id');
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['user_id', 'created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('smtp_test_attempts');
}
