// Shared list helpers: pagination parameters and the paged response shape.
import Joi from 'joi';
import type { Knex } from 'knex';

export const pageQuery = {
  page: Joi.number().integer().min(1).default(1),
  pageSize: Joi.number().integer().min(1).max(100).default(20),
};

export async function paginate<T>(
  query: Knex.QueryBuilder,
  page: number,
  pageSize: number,
): Promise<{ data: T[]; pagination: object }> {
  const [{ total }] = await query.clone().clearSelect().clearOrder().count<{ total: string }[]>({ total: '*' });
  const data = await query.limit(pageSize).offset((page - 1) * pageSize);
  const count = Number(total);
  return { data, pagination: { page, pageSize, total: count, pages: Math.max(1, Math.ceil(count / pageSize)) } };
}

export const idParams = Joi.object({ id: Joi.number().integer().min(1).required() });

// An ILIKE pattern matching `text` anywhere, with the user's % and _ taken literally.
export function containing(text: string): string {
  return `%${text.replace(/[%_\\]/g, '\\$&')}%`;
}
