// Submission and approval of quotations (domain/quotation.md §5): commands are workflow Updates whose validators
// check state, the pending level's role and the author; lists read the projection and the approval log.
import Joi from 'joi';
import { decisionUpdate, quotationWorkflowId, submitUpdate } from '../../../workflows/quotation-contract';
import { requireAbility } from '../../auth/guards';
import { idParams, pageQuery } from '../listing';
import { paginate } from '../../db/listing';
import { requirePrincipal, type RouteSpec } from '../route';
import { command, idempotencyHeader, record } from './quotations';
import { loadQuotation } from '../../services/quotations';
import { getApprovalsDashboard } from '../../services/quotation-approvals';

export const quotationApprovalRoutes: RouteSpec[] = [
  {
    method: 'post',
    path: '/api/quotations/:id/submit',
    summary: 'Submit a complete quotation for approval; the levels it needs are recorded and their approvers e-mailed',
    tag: 'approvals',
    params: idParams,
    headers: idempotencyHeader,
    response: record,
    async handler(ctx, { params }) {
      const principal = requirePrincipal(ctx);
      return command(ctx, params.id, 'quotation.submit', {}, (q, updateId) =>
        ctx.deps.temporal.workflow
          .getHandle(quotationWorkflowId(q.id))
          .executeUpdate(submitUpdate, { args: [{ userId: principal.userId }], updateId }),
      );
    },
  },
  {
    method: 'post',
    path: '/api/quotations/:id/decisions',
    summary:
      'Approve or reject the pending level (your role must be the level’s; not your own quotation); reject needs a note',
    tag: 'approvals',
    params: idParams,
    headers: idempotencyHeader,
    body: Joi.object({
      decision: Joi.string().valid('approve', 'reject').required(),
      note: Joi.string().trim().max(2000).allow(''),
    }).required(),
    response: record,
    async handler(ctx, { params, body }) {
      const principal = requirePrincipal(ctx);
      return command(ctx, params.id, 'quotation.decision', body, (q, updateId) =>
        ctx.deps.temporal.workflow.getHandle(quotationWorkflowId(q.id)).executeUpdate(decisionUpdate, {
          args: [
            {
              userId: principal.userId,
              roleCode: principal.roleCode,
              decision: body.decision,
              note: body.note || undefined,
            },
          ],
          updateId,
        }),
      );
    },
  },
  {
    method: 'get',
    path: '/api/approvals/pending',
    summary: 'Quotations waiting for a decision of your role (not your own)',
    tag: 'approvals',
    query: Joi.object(pageQuery),
    async handler(ctx, { query }) {
      const principal = requirePrincipal(ctx);
      requireAbility(principal, 'read', 'Quotation');
      const q = ctx.deps
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
    },
  },
  {
    method: 'get',
    path: '/api/approvals/dashboard',
    summary:
      'Quotations in your scope by approval state: all, waiting for you, waiting for any approval, incomplete drafts; pending per level',
    tag: 'approvals',
    query: Joi.object({ ...pageQuery, list: Joi.string().valid('waiting-for-you', 'waiting-approval', 'incomplete') }),
    handler: (ctx, input) => getApprovalsDashboard(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'get',
    path: '/api/quotations/:id/approvals',
    summary: 'The approval log of a quotation: levels pending, decisions and escalations, per submission',
    tag: 'approvals',
    params: idParams,
    async handler(ctx, { params }) {
      const q = await loadQuotation(ctx.deps, requirePrincipal(ctx), params.id, 'read');
      const data = await ctx.deps
        .knex('quotation_approval_log as a')
        .leftJoin('users as u', 'u.id', 'a.user_id')
        .where('a.quotation_id', q.id)
        .orderBy('a.id')
        .select(
          'a.submission',
          'a.level',
          'a.event',
          'a.user_id as userId',
          'u.full_name as userName',
          'a.note',
          'a.at',
        );
      return { levels: q.approvalLevels ?? [], pendingLevel: q.pendingLevel, data };
    },
  },
];
