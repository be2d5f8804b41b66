// Quotations: the API reads the Postgres projection and turns commands into workflow starts and Updates.
import Joi from 'joi';
import { Quotation } from '../../db/models/quotation';
import { OUTCOME_KINDS, QUOTATION_STATUSES } from '../../domain/quotation-lifecycle';
import {
  cancelUpdate,
  closeLostUpdate,
  quotationWorkflowId,
  type QuotationRecord,
} from '../../../workflows/quotation-contract';
import { closeLostCommand } from '../../services/quotation-outcomes';
import { requireAbility } from '../../auth/guards';
import type { ApiContext } from '../context';
import { idempotencyHeader, idempotent } from '../idempotency';
import { idParams, pageQuery, searchQuery } from '../listing';
import { callTemporal } from '../../temporal/temporal-call';
import { sendUpdate } from '../workflow-commands';
import { requirePrincipal, type RouteSpec } from '../route';
import { QUOTATION_TYPES } from '../../domain/quotation/versions';
import {
  createNew,
  createVersion,
  getQuotations,
  loadQuotation,
  startQuotationRun,
  getQuotationsById,
} from '../../services/quotations';

export const record = Joi.object({
  id: Joi.number().integer(),
  number: Joi.string(),
  type: Joi.string(),
  leadId: Joi.number().integer(),
  entityId: Joi.number().integer(),
  branchId: Joi.number().integer().allow(null),
  salesUserId: Joi.number().integer(),
  customerName: Joi.string(),
  status: Joi.string().valid(...QUOTATION_STATUSES),
  step: Joi.number().integer(),
  version: Joi.number().integer(),
  statusReason: Joi.string().allow(null),
  contractKind: Joi.string().allow(null),
  submission: Joi.number().integer(),
  pendingLevel: Joi.number().integer().allow(null),
  pendingRole: Joi.string().allow(null),
  parentQuotationId: Joi.number().integer().allow(null),
  revision: Joi.number().integer(),
  supersededByQuotationId: Joi.number().integer().allow(null),
  createdAt: Joi.date(),
  updatedAt: Joi.date(),
});

// Sends a command to the quotation's workflow as an Update; the Idempotency-Key (if any) is the update id.
export async function command<R extends QuotationRecord>(
  ctx: ApiContext,
  id: number,
  operation: string,
  body: unknown,
  send: (q: Quotation, updateId?: string) => Promise<R>,
) {
  const quotation = await loadQuotation(ctx.deps, requirePrincipal(ctx), id, 'update');
  return commandOn(ctx, quotation, operation, body, send);
}

// The same, for a quotation the handler has already loaded for update.
export function commandOn<R extends QuotationRecord>(
  ctx: ApiContext,
  quotation: Quotation,
  operation: string,
  body: unknown,
  send: (q: Quotation, updateId?: string) => Promise<R>,
) {
  const id = quotation.id;
  return sendUpdate(
    ctx,
    { what: `quotation ${id}`, operation: `${operation}:${id}`, body, workflowId: quotationWorkflowId(id) },
    (key) => send(quotation, key),
  );
}

export const quotationRoutes: RouteSpec[] = [
  {
    method: 'post',
    path: '/api/quotations',
    summary:
      'Create a quotation and start its workflow: baru for a lead, or revisi / rekontrak / addendum of a reference quotation; send an Idempotency-Key to make retries safe',
    tag: 'quotations',
    status: 201,
    headers: idempotencyHeader,
    body: Joi.object({
      type: Joi.string()
        .valid(...QUOTATION_TYPES)
        .default('baru'),
      leadId: Joi.number()
        .integer()
        .min(1)
        .when('type', { is: 'baru', then: Joi.required(), otherwise: Joi.forbidden() }),
      entityId: Joi.number()
        .integer()
        .min(1)
        .when('type', { is: 'baru', then: Joi.required(), otherwise: Joi.forbidden() }),
      referenceQuotationId: Joi.number()
        .integer()
        .min(1)
        .when('type', { is: 'baru', then: Joi.forbidden(), otherwise: Joi.required() }),
    }).required(),
    response: record,
    async handler(ctx, { body }) {
      const principal = requirePrincipal(ctx);
      requireAbility(principal, 'create', 'Quotation');
      const { temporal, config } = ctx.deps;
      const response = await idempotent(
        ctx,
        'quotation.create',
        body,
        async (trx) => {
          const quotation =
            body.type === 'baru'
              ? await createNew(trx, principal, body)
              : await createVersion(ctx.deps, trx, principal, body);
          // Started inside the transaction: if Temporal refuses, the row is rolled back with it.
          await callTemporal('quotation', config.updateTimeoutMs, temporal.withDeadline.bind(temporal), () =>
            startQuotationRun(temporal, config, trx, quotation.toRecord()),
          );
          return { status: 201, body: quotation.toRecord() };
        },
        async (stored) => {
          await callTemporal('quotation', config.updateTimeoutMs, temporal.withDeadline.bind(temporal), () =>
            startQuotationRun(temporal, config, ctx.deps.knex, stored.body as QuotationRecord),
          );
        },
      );
      ctx.set('Location', `/api/quotations/${(response.body as QuotationRecord).id}`);
      return response.body;
    },
  },
  {
    method: 'get',
    path: '/api/quotations',
    summary: 'Quotations the caller may see',
    tag: 'quotations',
    query: Joi.object({
      ...pageQuery,
      status: Joi.string().valid(...QUOTATION_STATUSES),
      leadId: Joi.number().integer().min(1),
      ...searchQuery,
    }),
    handler: (ctx, input) => getQuotations(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'get',
    path: '/api/quotations/:id',
    summary: 'One quotation (the projection its workflow keeps)',
    tag: 'quotations',
    params: idParams,
    response: record,
    handler: (ctx, input) => getQuotationsById(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'post',
    path: '/api/quotations/:id/cancel',
    summary: 'Cancel a draft quotation; its workflow completes',
    tag: 'quotations',
    params: idParams,
    headers: idempotencyHeader,
    body: Joi.object({ reason: Joi.string().trim().min(1).max(1000).required() }).required(),
    response: record,
    async handler(ctx, { params, body }) {
      const userId = requirePrincipal(ctx).userId;
      return command(ctx, params.id, 'quotation.cancel', body, (q, updateId) =>
        ctx.deps.temporal.workflow
          .getHandle(quotationWorkflowId(q.id))
          .executeUpdate(cancelUpdate, { args: [{ userId, reason: body.reason }], updateId }),
      );
    },
  },
  {
    method: 'post',
    path: '/api/quotations/:id/lost',
    summary:
      'Close an open quotation the customer did not take: lost (to a competitor or in-house) or declined, with a reason from /api/options/loss-reasons; its workflow completes',
    tag: 'quotations',
    params: idParams,
    headers: idempotencyHeader,
    body: Joi.object({
      kind: Joi.string()
        .valid(...OUTCOME_KINDS)
        .default('lost'),
      lossReasonId: Joi.number().integer().min(1).required(),
      competitor: Joi.string().trim().min(1).max(200),
      note: Joi.string().trim().min(1).max(2000),
    }).required(),
    response: record,
    async handler(ctx, { params, body }) {
      const quotation = await loadQuotation(ctx.deps, requirePrincipal(ctx), params.id, 'update');
      const lost = await closeLostCommand(ctx.deps.knex, requirePrincipal(ctx).userId, body);
      return commandOn(ctx, quotation, 'quotation.lost', body, (q, updateId) =>
        ctx.deps.temporal.workflow
          .getHandle(quotationWorkflowId(q.id))
          .executeUpdate(closeLostUpdate, { args: [lost], updateId }),
      );
    },
  },
];
