// A draft agreement's clauses (contracts.md §7): list, add, change and remove as PKS workflow Updates, with each
// clause's history and a diff against an earlier text.
import Joi from 'joi';
import { clauseOf, requireUniqueTitle } from '../../db/pks';
import { clausePksUpdate } from '../../../workflows/pks-contract';
import { idParams } from '../listing';
import { requirePrincipal, type RouteSpec } from '../route';
import { loadPks } from '../../services/pks';
import { pksCommand } from './pks';
import { idempotencyHeader } from '../idempotency';
import { getPksClauses, getPksClausesCompare, getPksClausesHistory } from '../../services/pks-clauses';

const id = Joi.number().integer().min(1);
const clauseParams = Joi.object({ id: id.required(), position: Joi.number().integer().min(0).required() });
// Clauses are plain text: the template lays them out, and no markup reaches the document.
const clauseFields = {
  title: Joi.string()
    .trim()
    .min(1)
    .max(255)
    .pattern(/^[^<>]*$/, 'plain text')
    .required(),
  text: Joi.string()
    .trim()
    .min(1)
    .max(20000)
    .pattern(/^[^<>]*$/, 'plain text')
    .required(),
};

export const pksClauseRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/pks/:id/clauses',
    summary: 'The agreement’s clauses, in order, with when each was last changed',
    tag: 'pks',
    params: idParams,
    handler: (ctx, input) => getPksClauses(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'post',
    path: '/api/pks/:id/clauses',
    summary: 'Add a clause to a draft PKS (titles are unique within the PKS)',
    tag: 'pks',
    status: 201,
    params: idParams,
    headers: idempotencyHeader,
    body: Joi.object({ section: Joi.string().trim().min(1).max(30).required(), ...clauseFields }).required(),
    async handler(ctx, { params, body }) {
      const principal = requirePrincipal(ctx);
      const pks = await loadPks(ctx.deps, principal, params.id, 'update');
      await requireUniqueTitle(ctx.deps.knex, pks.id, body.title);
      return pksCommand(ctx, pks, 'pks.clause.add', body, (h, updateId) =>
        h.executeUpdate(clausePksUpdate, {
          args: [{ userId: principal.userId, change: { action: 'add', ...body } }],
          updateId,
        }),
      );
    },
  },
  {
    method: 'put',
    path: '/api/pks/:id/clauses/:position',
    summary:
      'Change a clause of a draft PKS; the previous text is kept in its history (an unchanged clause is left alone)',
    tag: 'pks',
    params: clauseParams,
    headers: idempotencyHeader,
    body: Joi.object(clauseFields).required(),
    async handler(ctx, { params, body }) {
      const principal = requirePrincipal(ctx);
      const pks = await loadPks(ctx.deps, principal, params.id, 'update');
      await clauseOf(ctx.deps.knex, pks.id, params.position);
      await requireUniqueTitle(ctx.deps.knex, pks.id, body.title, params.position);
      return pksCommand(ctx, pks, `pks.clause.edit.${params.position}`, body, (h, updateId) =>
        h.executeUpdate(clausePksUpdate, {
          args: [{ userId: principal.userId, change: { action: 'edit', position: params.position, ...body } }],
          updateId,
        }),
      );
    },
  },
  {
    method: 'delete',
    path: '/api/pks/:id/clauses/:position',
    summary: 'Remove a clause from a draft PKS (kept in its history)',
    tag: 'pks',
    params: clauseParams,
    headers: idempotencyHeader,
    async handler(ctx, { params }) {
      const principal = requirePrincipal(ctx);
      const pks = await loadPks(ctx.deps, principal, params.id, 'update');
      await clauseOf(ctx.deps.knex, pks.id, params.position);
      return pksCommand(ctx, pks, `pks.clause.delete.${params.position}`, {}, (h, updateId) =>
        h.executeUpdate(clausePksUpdate, {
          args: [{ userId: principal.userId, change: { action: 'delete', position: params.position } }],
          updateId,
        }),
      );
    },
  },
  {
    method: 'get',
    path: '/api/pks/:id/clauses/:position/history',
    summary: 'Earlier texts of a clause, newest first',
    tag: 'pks',
    params: clauseParams,
    handler: (ctx, input) => getPksClausesHistory(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'get',
    path: '/api/pks/:id/clauses/:position/compare',
    summary:
      'What changed in a clause: a unified line diff from an earlier text (default the latest) to the current one',
    tag: 'pks',
    params: clauseParams,
    query: Joi.object({ historyId: id }),
    handler: (ctx, input) => getPksClausesCompare(ctx.deps, requirePrincipal(ctx), input),
  },
];
