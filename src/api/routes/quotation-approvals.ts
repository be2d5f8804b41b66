// Submission and approval of quotations (domain/quotation.md §5): commands are workflow Updates whose validators
// check state, the pending level's role and the author; lists read the projection and the approval log.
import Joi from 'joi';
import { decisionUpdate, quotationWorkflowId, submitUpdate } from '../../../workflows/quotation-contract';
import { idParams, pageQuery } from '../listing';
import { requirePrincipal, type RouteSpec } from '../route';
import { command, record } from './quotations';
import { idempotencyHeader } from '../idempotency';
import { getApprovalsDashboard, getApprovalsPending, getQuotationsApprovals } from '../../services/quotation-approvals';

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
    handler: (ctx, input) => getApprovalsPending(ctx.deps, requirePrincipal(ctx), input),
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
    handler: (ctx, input) => getQuotationsApprovals(ctx.deps, requirePrincipal(ctx), input),
  },
];
