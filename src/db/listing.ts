// Shared list helpers for queries: one page of a query with its totals, and safe ILIKE patterns.
import type { Knex } from 'knex';

export interface PageMeta {
  page: number;
  pageSize: number;
  total: number;
  pages: number;
}

// Every list answers `{ data, meta }`. `pagination` repeats `meta` for clients written before 0.2 and goes in 0.3.
export interface Page<T> {
  data: T[];
  meta: PageMeta;
  pagination: PageMeta;
}

export function page<T>(data: T[], page: number, pageSize: number, total: number): Page<T> {
  const meta = { page, pageSize, total, pages: Math.max(1, Math.ceil(total / pageSize)) };
  return { data, meta, pagination: meta };
}

export async function paginate<T>(query: Knex.QueryBuilder, pageNumber: number, pageSize: number): Promise<Page<T>> {
  const [{ total }] = await query.clone().clearSelect().clearOrder().count<{ total: string }[]>({ total: '*' });
  const data = await query.limit(pageSize).offset((pageNumber - 1) * pageSize);
  return page(data, pageNumber, pageSize, Number(total));
}

// An ILIKE pattern matching `text` anywhere, with the user's % and _ taken literally.
export function containing(text: string): string {
  return `%${text.replace(/[%_\\]/g, '\\$&')}%`;
}
