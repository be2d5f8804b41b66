// Shared list helpers for queries: one page of a query with its totals, and safe ILIKE patterns.
import type { Knex } from 'knex';

export interface Page<T> {
  data: T[];
  pagination: { page: number; pageSize: number; total: number; pages: number };
}

export async function paginate<T>(query: Knex.QueryBuilder, page: number, pageSize: number): Promise<Page<T>> {
  const [{ total }] = await query.clone().clearSelect().clearOrder().count<{ total: string }[]>({ total: '*' });
  const data = await query.limit(pageSize).offset((page - 1) * pageSize);
  const count = Number(total);
  return { data, pagination: { page, pageSize, total: count, pages: Math.max(1, Math.ceil(count / pageSize)) } };
}

// An ILIKE pattern matching `text` anywhere, with the user's % and _ taken literally.
export function containing(text: string): string {
  return `%${text.replace(/[%_\\]/g, '\\$&')}%`;
}
