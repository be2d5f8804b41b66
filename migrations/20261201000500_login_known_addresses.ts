// Addresses an account has signed in from: the per-IP login limit does not hold back an account at an address it
// is known at, so one attacker behind an office's shared address cannot lock the whole office out.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('login_known_addresses', (t) => {
    t.string('account', 150).notNullable();
    t.string('ip', 64).notNullable();
    t.timestamp('last_success_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['account', 'ip']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('login_known_addresses');
}
