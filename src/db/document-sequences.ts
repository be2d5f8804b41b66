// Per-prefix counters for document numbers, incremented with one upsert so concurrent creates never collide.
import type { Knex } from 'knex';

export async function nextSequence(trx: Knex.Transaction, prefix: string): Promise<number> {
  const [row] = await trx('document_sequences')
    .insert({ prefix, last_value: 1 })
    .onConflict('prefix')
    .merge({ last_value: trx.raw('document_sequences.last_value + 1') })
    .returning('last_value');
  return row.last_value;
}
