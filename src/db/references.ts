// Checks that ids in a request point at existing rows, reporting the request field that does not.
import type { Knex } from 'knex';
import { invalid } from '../errors';

export async function requireReference(
  db: Knex | Knex.Transaction,
  table: string,
  id: number,
  field: string,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const row = await db(table)
    .where({ id, ...extra })
    .first('id');
  if (!row) throw invalid([{ field, message: `${field} ${id} does not exist` }]);
}

export async function requireReferences(
  db: Knex | Knex.Transaction,
  table: string,
  ids: number[],
  field: string,
): Promise<void> {
  const found: number[] = await db(table).whereIn('id', ids).pluck('id');
  const missing = ids.filter((id) => !found.includes(id));
  if (missing.length) throw invalid([{ field, message: `${field} ${missing.join(', ')} do(es) not exist` }]);
}

// Postgres unique violations become 409s naming the field.
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string };
  return e.code === '23505' && (constraint === undefined || e.constraint === constraint);
}
