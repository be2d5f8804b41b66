// A draft agreement's clauses (contracts.md §7): list, add, change and remove as PKS workflow Updates, with each
// clause's history and a diff against an earlier text.
import { clauseHistory, clauseOf, earlierClause, pksClauses } from '../db/pks';
import { clauseDiff } from '../domain/clause-diff';
import { loadPks } from './pks';
import type { ServiceDeps, ServiceInput } from './deps';
import type { Principal } from '../auth/principal';

// GET /api/pks/:id/clauses
export async function getPksClauses(deps: ServiceDeps, principal: Principal, { params }: ServiceInput) {
  const pks = await loadPks(deps, principal, params.id, 'read');
  return {
    data: await pksClauses(deps.knex, pks.id),
  };
}

// GET /api/pks/:id/clauses/:position/history
export async function getPksClausesHistory(deps: ServiceDeps, principal: Principal, { params }: ServiceInput) {
  const pks = await loadPks(deps, principal, params.id, 'read');
  return {
    data: await clauseHistory(deps.knex, pks.id, params.position),
  };
}

// GET /api/pks/:id/clauses/:position/compare
export async function getPksClausesCompare(deps: ServiceDeps, principal: Principal, { params, query }: ServiceInput) {
  const pks = await loadPks(deps, principal, params.id, 'read');
  const current = await clauseOf(deps.knex, pks.id, params.position);
  const before = await earlierClause(deps.knex, pks.id, params.position, query.historyId);
  return { historyId: before.id, ...clauseDiff(before, current) };
}
