// Submission and approval of quotations (domain/quotation.md §5): commands are workflow Updates whose validators
// check state, the pending level's role and the author; lists read the projection and the approval log.
import { applyReadScope } from '../db/read-scope';
import { requireAbility } from '../auth/guards';
import { paginate } from '../db/listing';
import type { ServiceDeps, ServiceInput } from './deps';
import type { Principal } from '../auth/principal';
import { loadQuotation } from './quotations';

// GET /api/approvals/dashboard
export async function getApprovalsDashboard(deps: ServiceDeps, principal: Principal, { query }: ServiceInput) {
  requireAbility(principal, 'read', 'Quotation');
  const knex = deps.knex;
  const scoped = () => applyReadScope(knex('quotations as q'), principal, 'Quotation', 'q');
  const [counts] = await scoped().select(
    knex.raw('count(*)::int as "all"'),
    knex.raw(
      `count(*) FILTER (WHERE q.status = 'submitted' AND q.pending_role = ? AND q.sales_user_id <> ?)::int as "waitingForYou"`,
      [principal.roleCode, principal.userId],
    ),
    knex.raw(`count(*) FILTER (WHERE q.status = 'submitted')::int as "waitingApproval"`),
    knex.raw(`count(*) FILTER (WHERE q.status = 'draft' AND q.step <> 100)::int as "incomplete"`),
  );
  const perLevel = await scoped()
    .where('q.status', 'submitted')
    .groupBy('q.pending_level', 'q.pending_role')
    .orderBy('q.pending_level')
    .select('q.pending_level as level', 'q.pending_role as role', knex.raw('count(*)::int as count'));
  let list = null;
  if (query.list) {
    const q = scoped().select(
      'q.id',
      'q.number',
      'q.customer_name as customerName',
      'q.status',
      'q.step',
      'q.pending_level as pendingLevel',
      'q.pending_role as pendingRole',
      'q.submitted_at as submittedAt',
      'q.updated_at as updatedAt',
    );
    if (query.list === 'waiting-for-you')
      q.where({ 'q.status': 'submitted', 'q.pending_role': principal.roleCode }).whereNot(
        'q.sales_user_id',
        principal.userId,
      );
    if (query.list === 'waiting-approval') q.where('q.status', 'submitted');
    if (query.list === 'incomplete') q.where('q.status', 'draft').whereNot('q.step', 100);
    list = await paginate(q.orderBy('q.updated_at', 'desc').orderBy('q.id', 'desc'), query.page, query.pageSize);
  }
  return { counts, pendingPerLevel: perLevel, list };
}

// GET /api/approvals/pending
export async function getApprovalsPending(deps: ServiceDeps, principal: Principal, { query }: ServiceInput) {
  requireAbility(principal, 'read', 'Quotation');
  const q = deps
    .knex('quotations as q')
    .where({ 'q.status': 'submitted', 'q.pending_role': principal.roleCode })
    .whereNot('q.sales_user_id', principal.userId)
    .orderBy('q.submitted_at')
    .select(
      'q.id',
      'q.number',
      'q.customer_name as customerName',
      'q.entity_id as entityId',
      'q.sales_user_id as salesUserId',
      'q.pending_level as pendingLevel',
      'q.submitted_at as submittedAt',
      'q.version',
    );
  return paginate(q, query.page, query.pageSize);
}

// GET /api/quotations/:id/approvals
export async function getQuotationsApprovals(deps: ServiceDeps, principal: Principal, { params }: ServiceInput) {
  const q = await loadQuotation(deps, principal, params.id, 'read');
  const data = await deps
    .knex('quotation_approval_log as a')
    .leftJoin('users as u', 'u.id', 'a.user_id')
    .where('a.quotation_id', q.id)
    .orderBy('a.id')
    .select('a.submission', 'a.level', 'a.event', 'a.user_id as userId', 'u.full_name as userName', 'a.note', 'a.at');
  return { levels: q.approvalLevels ?? [], pendingLevel: q.pendingLevel, data };
}
