// The caller's data scope as SQL: list queries see only the rows the caller's role may read.
import type { Knex } from 'knex';
import { SCOPED_FIELDS, type SubjectName } from '../auth/abilities';
import type { Principal } from '../auth/principal';
import { scopeCondition } from '../domain/data-scope';

const snake = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

// Scope fields that are not a column of the row: how to test them in SQL.
const DERIVED_FIELDS: Record<
  string,
  (query: Knex.QueryBuilder, table: string, userIds: number[]) => Knex.QueryBuilder
> = {
  responsibleUserIds: (query, table, userIds) =>
    query.where((w) =>
      w
        .whereIn(`${table}.owner_user_id`, userIds)
        .orWhereExists((sub) =>
          sub
            .from('lead_service_lines as scope_lines')
            .whereRaw(`scope_lines.lead_id = ${table}.id`)
            .whereNull('scope_lines.deleted_at')
            .whereIn('scope_lines.sales_user_id', userIds),
        )
        .orWhereExists((sub) =>
          sub
            .from('lead_officers as scope_officers')
            .whereRaw(`scope_officers.lead_id = ${table}.id`)
            .whereIn('scope_officers.user_id', userIds),
        ),
    ),
};

// Applies the caller's read scope for a row-scoped subject to a list query on `table`.
// `column` names the SQL column of a scope field (default: the snake_case column of `table`).
export function applyReadScope(
  query: Knex.QueryBuilder,
  principal: Principal,
  name: SubjectName,
  table: string,
  column: (field: string) => string = (field) => `${table}.${snake(field)}`,
): Knex.QueryBuilder {
  const fields = SCOPED_FIELDS[name];
  if (!fields) return query;
  const condition = scopeCondition(principal, fields);
  if (condition === null) return query.whereRaw('false');
  for (const [field, value] of Object.entries(condition)) {
    if (DERIVED_FIELDS[field]) {
      DERIVED_FIELDS[field](query, table, typeof value === 'number' ? [value] : value.$in);
      continue;
    }
    if (typeof value === 'number') query.where(column(field), value);
    else query.whereIn(column(field), value.$in);
  }
  return query;
}
