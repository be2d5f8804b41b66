// Effective-dated reference rows (minimum wages, statutory rates): a row is in force on a date when
// valid_from <= date <= valid_to (open-ended when valid_to is null). A new row for a key closes the open one.
import type { Knex } from 'knex';
import { conflict } from '../errors';

export function inForce(query: Knex.QueryBuilder, table: string, date: string): Knex.QueryBuilder {
  return query
    .where(`${table}.valid_from`, '<=', date)
    .where((w) => w.whereNull(`${table}.valid_to`).orWhere(`${table}.valid_to`, '>=', date));
}

// Appends a period for `key` starting at row.valid_from; earlier periods are immutable history, so a start
// on or before the latest start is refused rather than rewriting what quotations were priced with.
export async function appendPeriod(
  trx: Knex.Transaction,
  table: string,
  key: Record<string, Knex.Value>,
  row: Record<string, unknown> & { valid_from: string },
): Promise<number> {
  await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`${table}:${JSON.stringify(key)}`]);
  const latest = await keyed(trx(table), key).orderBy('valid_from', 'desc').first('id', 'valid_from');
  if (latest && latest.valid_from >= row.valid_from) {
    throw conflict(`a period starting ${latest.valid_from} already exists; a new one must start later`, [
      { field: 'validFrom', message: `must be after ${latest.valid_from}` },
    ]);
  }
  if (latest)
    await trx(table)
      .where({ id: latest.id })
      .update({ valid_to: trx.raw('?::date - 1', [row.valid_from]) });
  const [{ id }] = await trx(table)
    .insert({ ...key, ...row })
    .returning('id');
  return id;
}

function keyed(query: Knex.QueryBuilder, key: Record<string, Knex.Value>): Knex.QueryBuilder {
  for (const [column, value] of Object.entries(key)) {
    if (value === null) query.whereNull(column);
    else query.where(column, value);
  }
  return query;
}
