import type { Knex } from 'knex';

// Lead codes from a counter row (document_sequences 'LEAD') instead of a Postgres sequence: a sequence hands out
// values outside transactions and skips the ones it had logged ahead after a crash, so codes people see had gaps.
// The counter holds how many codes were handed out; it starts where the sequence would have gone on.
export async function up(knex: Knex): Promise<void> {
  const { rows } = await knex.raw('SELECT last_value, is_called FROM lead_code_seq');
  const handedOut = rows[0].is_called ? Number(rows[0].last_value) + 1 : Number(rows[0].last_value);
  await knex('document_sequences').insert({ prefix: 'LEAD', last_value: handedOut });
  await knex.raw('DROP SEQUENCE lead_code_seq');
}

export async function down(knex: Knex): Promise<void> {
  const row = await knex('document_sequences').where({ prefix: 'LEAD' }).first();
  const handedOut = Number(row?.last_value ?? 0);
  await knex.raw('CREATE SEQUENCE lead_code_seq START WITH 0 MINVALUE 0');
  if (handedOut > 0) await knex.raw('SELECT setval(?, ?, true)', ['lead_code_seq', handedOut - 1]);
  await knex('document_sequences').where({ prefix: 'LEAD' }).delete();
}
