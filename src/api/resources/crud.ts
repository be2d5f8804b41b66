// Catalogue-style resources (master data) declared once as a table of fields; this module turns a declaration
// into list/view/create/update/delete routes with validation, references, uniqueness, soft delete, scope of
// the caller's menu permissions, and an audit-log row per change, all inside one transaction.
import Joi from 'joi';
import type { Knex } from 'knex';
import type { SubjectName } from '../../auth/abilities';
import { requireAbility } from '../../auth/guards';
import { containing, paginate } from '../../db/listing';
import { pageQuery } from '../listing';
import { conflict, invalid, notFound } from '../problem';
import { isUniqueViolation } from '../../db/references';
import { requirePrincipal, type RouteSpec } from '../route';
import { recordAudit } from '../../db/audit';
import { draftsUsing } from '../../db/catalogue-use';

export interface FieldSpec {
  column: string;
  schema?: Joi.Schema; // absent: output only (computed by the database)
  required?: boolean;
  filter?: boolean; // exact-match query parameter
  search?: boolean; // part of the `q` text search
  sortable?: boolean;
  // A row of another table this field names, by id unless `column` says which key.
  reference?: { table: string; softDeleted?: boolean; column?: string };
}

export interface ResourceSpec {
  path: string;
  table: string;
  tag: string;
  noun: string; // "position", used in messages
  subject: SubjectName;
  fields: Record<string, FieldSpec>;
  softDelete?: boolean;
  defaultSort?: string;
  uniqueIndexes?: Record<string, string>; // index name → field
  view?: (row: Record<string, unknown>) => Record<string, unknown>; // derived output fields
  beforeDelete?: (trx: Knex.Transaction, id: number, userId: number) => Promise<void>;
  // Rules across fields of the record as it would be saved (`before` is absent on create).
  check?: (
    trx: Knex.Transaction,
    record: Record<string, unknown>,
    before?: Record<string, unknown>,
  ) => Promise<Array<{ field: string; message: string }>>;
}

const idParams = Joi.object({ id: Joi.number().integer().min(1).required() });
const AUDIT_OUT = {
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  createdBy: 'created_by',
  updatedBy: 'updated_by',
};

function selectList(spec: ResourceSpec): string[] {
  const columns = Object.entries({
    ...Object.fromEntries(Object.entries(spec.fields).map(([k, f]) => [k, f.column])),
    ...AUDIT_OUT,
  });
  return [`${spec.table}.id`, ...columns.map(([field, column]) => `${spec.table}.${column} as ${field}`)];
}

function present(spec: ResourceSpec, row: Record<string, unknown>) {
  return spec.view ? { ...row, ...spec.view(row) } : row;
}

function toColumns(spec: ResourceSpec, body: Record<string, unknown>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(body)) if (spec.fields[field]) row[spec.fields[field].column] = value;
  return row;
}

function bodySchema(spec: ResourceSpec, mode: 'create' | 'update'): Joi.ObjectSchema {
  const keys: Record<string, Joi.Schema> = {};
  for (const [field, f] of Object.entries(spec.fields)) {
    if (!f.schema) continue;
    keys[field] = mode === 'create' && f.required ? f.schema.required() : f.schema;
  }
  const schema = Joi.object(keys);
  return mode === 'update' ? schema.min(1).required() : schema.required();
}

function listQuery(spec: ResourceSpec): Joi.ObjectSchema {
  const sortable = Object.entries(spec.fields)
    .filter(([, f]) => f.sortable)
    .map(([k]) => k);
  const filters: Record<string, Joi.Schema> = {};
  for (const [field, f] of Object.entries(spec.fields))
    if (f.filter && f.schema) filters[field] = filterSchema(f.schema);
  // `sort=field,-field`: always from a closed list (id at least), so no other name reaches ORDER BY.
  const names = ['id', ...sortable].join('|');
  return Joi.object({
    ...pageQuery,
    ...filters,
    q: Joi.string().trim().max(100),
    sort: Joi.string()
      .max(300)
      .pattern(new RegExp(`^-?(${names})(,-?(${names}))*$`))
      .message(`{#label} must list fields from ${['id', ...sortable].join(', ')}, each optionally prefixed by -`),
  });
}

// A filter takes a field's values without the conditions a whole record must meet (required, `.when` a sibling).
function filterSchema(schema: Joi.Schema): Joi.Schema {
  const { whens: _whens, ...description } = schema.describe() as { whens?: unknown; flags?: object };
  return Joi.build({ ...description, flags: { ...description.flags, presence: 'optional' } });
}

async function checkReferences(
  spec: ResourceSpec,
  trx: Knex.Transaction,
  body: Record<string, unknown>,
): Promise<void> {
  const errors = [];
  for (const [field, f] of Object.entries(spec.fields)) {
    const value = body[field];
    if (!f.reference || value === undefined || value === null) continue;
    const key = f.reference.column ?? 'id';
    const query = trx(f.reference.table).where({ [key]: value });
    if (f.reference.softDeleted) query.whereNull('deleted_at');
    if (!(await query.first(key)))
      errors.push({ field, message: `${field} ${value as string | number} does not exist` });
  }
  if (errors.length) throw invalid(errors);
}

async function checkRecord(
  spec: ResourceSpec,
  trx: Knex.Transaction,
  body: Record<string, unknown>,
  before?: Record<string, unknown>,
): Promise<void> {
  const errors = spec.check ? await spec.check(trx, { ...(before ?? {}), ...body }, before) : [];
  if (errors.length) throw invalid(errors);
}

function translateUnique(spec: ResourceSpec, error: unknown): never {
  for (const [index, field] of Object.entries(spec.uniqueIndexes ?? {})) {
    if (isUniqueViolation(error, index))
      throw conflict(`another ${spec.noun} already has this ${field}`, [{ field, message: `${field} already in use` }]);
  }
  if ((error as { code?: string }).code === '23503')
    throw conflict(`this ${spec.noun} is still referenced by other records`);
  // A table's CHECK rules span fields (e.g. a monthly target needs a month): the combination is invalid.
  if ((error as { code?: string }).code === '23514')
    throw invalid([{ field: 'body', message: `these values do not form a valid ${spec.noun}` }]);
  throw error;
}

export function crudRoutes(spec: ResourceSpec): RouteSpec[] {
  const live = (q: Knex.QueryBuilder) => (spec.softDelete ? q.whereNull(`${spec.table}.deleted_at`) : q);
  const find = (db: Knex | Knex.Transaction, id: number) =>
    live(db(spec.table).select(selectList(spec)).where(`${spec.table}.id`, id)).first();
  const load = async (db: Knex | Knex.Transaction, id: number) => {
    const row = await find(db, id);
    if (!row) throw notFound(`${spec.noun} ${id}`);
    return row as Record<string, unknown>;
  };
  const item = Joi.object({ id: Joi.number().integer() }).unknown(true);

  return [
    {
      method: 'get',
      path: spec.path,
      summary: `List ${spec.noun}s (search, filter, sort, pages)`,
      tag: spec.tag,
      query: listQuery(spec),
      async handler(ctx, { query }) {
        requireAbility(requirePrincipal(ctx), 'read', spec.subject);
        const q = live(ctx.deps.knex(spec.table).select(selectList(spec)));
        for (const [field, f] of Object.entries(spec.fields))
          if (f.filter && query[field] !== undefined) q.where(`${spec.table}.${f.column}`, query[field]);
        const searchable = Object.values(spec.fields).filter((f) => f.search);
        if (query.q && searchable.length) {
          q.where((w) => {
            for (const f of searchable) w.orWhereRaw(`${spec.table}.${f.column}::text ILIKE ?`, [containing(query.q)]);
          });
        }
        const sort: string = query.sort ?? spec.defaultSort ?? 'id';
        for (const key of sort.split(',')) {
          const field = key.replace(/^-/, '');
          const column = field === 'id' ? 'id' : spec.fields[field].column;
          q.orderBy(`${spec.table}.${column}`, key.startsWith('-') ? 'desc' : 'asc');
        }
        q.orderBy(`${spec.table}.id`, 'asc');
        const page = await paginate<Record<string, unknown>>(q, query.page, query.pageSize);
        return { ...page, data: page.data.map((row) => present(spec, row)) };
      },
    },
    {
      method: 'get',
      path: `${spec.path}/:id`,
      summary: `One ${spec.noun}`,
      tag: spec.tag,
      params: idParams,
      response: item,
      async handler(ctx, { params }) {
        requireAbility(requirePrincipal(ctx), 'read', spec.subject);
        return present(spec, await load(ctx.deps.knex, params.id));
      },
    },
    {
      method: 'post',
      path: spec.path,
      summary: `Create a ${spec.noun}`,
      tag: spec.tag,
      status: 201,
      body: bodySchema(spec, 'create'),
      response: item,
      async handler(ctx, { body }) {
        const principal = requirePrincipal(ctx);
        requireAbility(principal, 'create', spec.subject);
        try {
          return await ctx.deps.knex.transaction(async (trx) => {
            await checkReferences(spec, trx, body);
            await checkRecord(spec, trx, body);
            const [{ id }] = await trx(spec.table)
              .insert({ ...toColumns(spec, body), created_by: principal.userId, updated_by: principal.userId })
              .returning('id');
            const created = await load(trx, id);
            await recordAudit(trx, spec.table, id, 'create', principal.userId, null, created);
            return present(spec, created);
          });
        } catch (error) {
          translateUnique(spec, error);
        }
      },
    },
    {
      method: 'patch',
      path: `${spec.path}/:id`,
      summary: `Change a ${spec.noun} (only the fields sent)`,
      tag: spec.tag,
      params: idParams,
      body: bodySchema(spec, 'update'),
      response: item,
      async handler(ctx, { params, body }) {
        const principal = requirePrincipal(ctx);
        requireAbility(principal, 'update', spec.subject);
        try {
          return await ctx.deps.knex.transaction(async (trx) => {
            const before = await load(trx, params.id);
            await checkReferences(spec, trx, body);
            await checkRecord(spec, trx, body, before);
            await trx(spec.table)
              .where({ id: params.id })
              .update({ ...toColumns(spec, body), updated_by: principal.userId, updated_at: trx.fn.now() });
            const after = await load(trx, params.id);
            await recordAudit(trx, spec.table, params.id, 'update', principal.userId, before, after);
            return present(spec, after);
          });
        } catch (error) {
          translateUnique(spec, error);
        }
      },
    },
    {
      method: 'delete',
      path: `${spec.path}/:id`,
      summary: spec.softDelete ? `Delete a ${spec.noun} (kept as deleted for history)` : `Delete a ${spec.noun}`,
      tag: spec.tag,
      status: 204,
      params: idParams,
      async handler(ctx, { params }) {
        const principal = requirePrincipal(ctx);
        requireAbility(principal, 'delete', spec.subject);
        try {
          await ctx.deps.knex.transaction(async (trx) => {
            const before = await load(trx, params.id);
            const drafts = await draftsUsing(trx, spec.table, params.id);
            if (drafts.length)
              throw conflict(
                `this ${spec.noun} is used by open draft quotations: ${drafts.join(', ')}; change them first`,
                [{ field: 'id', message: `used by draft quotations ${drafts.join(', ')}` }],
              );
            await spec.beforeDelete?.(trx, params.id, principal.userId);
            if (spec.softDelete)
              await trx(spec.table)
                .where({ id: params.id })
                .update({ deleted_at: trx.fn.now(), deleted_by: principal.userId });
            else await trx(spec.table).where({ id: params.id }).delete();
            await recordAudit(trx, spec.table, params.id, 'delete', principal.userId, before, null);
          });
        } catch (error) {
          translateUnique(spec, error);
        }
        return undefined;
      },
    },
  ];
}
