// Quotations: the API reads the Postgres projection and turns commands into workflow starts and Updates.
import type { Client } from '@temporalio/client';
import { WorkflowIdConflictPolicy } from '@temporalio/common';
import Joi from 'joi';
import type { Config } from '../../config';
import { Quotation } from '../../db/models/quotation';
import { QUOTATION_STATUSES } from '../../domain/quotation-lifecycle';
import { nextSequence } from '../../db/document-sequences';
import { jakartaYearMonth } from '../../domain/jakarta-time';
import { formatQuotationNumber, quotationSequenceKey } from '../../domain/quotation-number';
import type { quotationWorkflow } from '../../../workflows/quotation';
import { cancelUpdate, quotationWorkflowId, type QuotationRecord } from '../../../workflows/quotation-contract';
import {
  CustomerName,
  EntityId,
  LifecycleStatus,
  QuotationNumber,
  SalesUserId,
} from '../../../workflows/search-attributes';
import { applyReadScope } from '../../db/read-scope';
import { requireAbility, requireRowAbility } from '../../auth/guards';
import type { ApiContext } from '../context';
import { idempotent } from '../idempotency';
import { idParams, pageQuery } from '../listing';
import { paginate } from '../../db/listing';
import { conflict, invalid } from '../problem';
import { callTemporal } from '../temporal-errors';
import { sendUpdate } from '../workflow-commands';
import { requirePrincipal, type RouteSpec } from '../route';
import type { Principal } from '../../auth/principal';
import { subject as asSubject } from '@casl/ability';
import type { Knex } from 'knex';
import { calculate, loadSteps, type Calculation } from '../../db/quotation-pricing';
import {
  keepSites,
  QUOTATION_TYPES,
  revisionNumber,
  rootNumber,
  stepsForNewVersion,
  type QuotationType,
} from '../../domain/quotation/versions';

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

export const idempotencyHeader = Joi.object({ 'idempotency-key': Joi.string().min(8).max(200) }).unknown(true);

export function startQuotationRun(temporal: Client, config: Config, q: QuotationRecord) {
  // Started by name: the API process never loads workflow code.
  return temporal.workflow.start<typeof quotationWorkflow>('quotationWorkflow', {
    taskQueue: config.taskQueue,
    workflowId: quotationWorkflowId(q.id),
    // A replayed create finds the run already there and reuses it.
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    // A copy that starts past step 0 hands its progress to the run; a revision names the quotation it replaces.
    args: [
      {
        quotationId: q.id,
        number: q.number,
        ...(q.step > 0
          ? { state: { quotationId: q.id, status: 'draft' as const, step: q.step, version: q.version } }
          : {}),
        ...(q.type === 'revisi' && q.parentQuotationId ? { supersedesQuotationId: q.parentQuotationId } : {}),
      },
    ],
    typedSearchAttributes: [
      { key: QuotationNumber, value: q.number },
      { key: CustomerName, value: q.customerName },
      { key: SalesUserId, value: String(q.salesUserId) },
      { key: LifecycleStatus, value: q.status },
      { key: EntityId, value: String(q.entityId) },
    ],
    staticSummary: `Quotation ${q.number} for ${q.customerName}`,
    staticDetails: `Quotation id ${q.id}, ${q.type}, entity ${q.entityId}, sales user ${q.salesUserId}`,
  });
}

export async function loadQuotation(
  ctx: ApiContext,
  principal: Principal,
  id: number,
  action: 'read' | 'update',
): Promise<Quotation> {
  const row = await Quotation.query(ctx.deps.knex).findById(id);
  return requireRowAbility(principal, action, 'Quotation', row, `quotation ${id}`);
}

// Sends a command to the quotation's workflow as an Update; the Idempotency-Key (if any) is the update id.
export async function command(
  ctx: ApiContext,
  id: number,
  operation: string,
  body: unknown,
  send: (q: Quotation, updateId?: string) => Promise<QuotationRecord>,
) {
  const quotation = await loadQuotation(ctx, requirePrincipal(ctx), id, 'update');
  return sendUpdate(ctx, `quotation ${id}`, `${operation}:${id}`, body, (key) => send(quotation, key));
}

async function createNew(
  trx: Knex.Transaction,
  principal: Principal,
  body: { leadId: number; entityId: number },
): Promise<Quotation> {
  const lead = await applyReadScope(
    trx('leads').whereNull('deleted_at').where('leads.id', body.leadId),
    principal,
    'Lead',
    'leads',
  ).first();
  if (!lead) throw invalid([{ field: 'leadId', message: `lead ${body.leadId} does not exist or is not yours` }]);
  const entity = await trx('entities').where({ id: body.entityId, is_active: true }).first();
  if (!entity || (principal.entityIds.length > 0 && !principal.entityIds.includes(entity.id))) {
    throw invalid([
      { field: 'entityId', message: `entity ${body.entityId} does not exist or is not available to you` },
    ]);
  }
  const { year, month } = jakartaYearMonth(new Date());
  const sequence = await nextSequence(trx, quotationSequenceKey(entity.code, year, month));
  return Quotation.query(trx).insertAndFetch({
    number: formatQuotationNumber({ entityCode: entity.code, leadCode: lead.code, year, month, sequence }),
    type: 'baru',
    leadId: lead.id,
    entityId: entity.id,
    branchId: lead.branch_id,
    salesUserId: principal.userId,
    customerName: lead.company_name,
    createdBy: principal.userId,
    updatedBy: principal.userId,
  });
}

// What each type may be made from: a renewal or addendum continues a quotation that became a contract (converted)
// or is approved; which contract it changes is named when its PKS is made.
const REFERENCE_STATUSES: Record<Exclude<QuotationType, 'baru'>, string[]> = {
  revisi: ['draft', 'submitted', 'approved'],
  rekontrak: ['approved', 'converted'],
  addendum: ['approved', 'converted'],
};

// How a version is made: from the API (reference statuses above), or from an SPK's sites sent back ("ajukan
// ulang": a revision of the converted quotation holding only those sites, with the reason).
export interface VersionOptions {
  resubmittedSiteKeys?: string[];
  reason?: string;
}

// A revision, renewal or addendum: a new quotation (and run) starting from a copy of the reference's steps.
export async function createVersion(
  ctx: ApiContext,
  trx: Knex.Transaction,
  principal: Principal,
  body: { type: Exclude<QuotationType, 'baru'>; referenceQuotationId: number },
  options: VersionOptions = {},
): Promise<Quotation> {
  const reference = await Quotation.query(trx).findById(body.referenceQuotationId);
  if (!reference || !principal.ability.can('read', asSubject('Quotation', { ...reference }))) {
    throw invalid([
      { field: 'referenceQuotationId', message: `quotation ${body.referenceQuotationId} does not exist` },
    ]);
  }
  // Sites in an SPK keep the quotation they were priced by, even after a revision superseded it.
  const allowed = options.resubmittedSiteKeys ? ['converted', 'superseded'] : REFERENCE_STATUSES[body.type];
  if (!allowed.includes(reference.status)) {
    throw conflict(`a ${body.type} cannot be made from a quotation that is ${reference.status}`, [
      { field: 'referenceQuotationId', message: `quotation is ${reference.status}` },
    ]);
  }
  const referenceSteps = await loadSteps(trx, reference.id);
  const { steps, step } = stepsForNewVersion(
    body.type,
    options.resubmittedSiteKeys ? keepSites(referenceSteps, options.resubmittedSiteKeys) : referenceSteps,
    reference.step,
  );
  let number: string;
  let revision = 0;
  if (body.type === 'revisi') {
    revision = await nextSequence(trx, `REV/${rootNumber(reference.number)}`);
    number = revisionNumber(reference.number, revision);
  } else {
    const entity = await trx('entities').where({ id: reference.entityId }).first();
    const lead = await trx('leads').where({ id: reference.leadId }).first();
    const { year, month } = jakartaYearMonth(new Date());
    number = formatQuotationNumber({
      entityCode: entity.code,
      leadCode: lead.code,
      year,
      month,
      sequence: await nextSequence(trx, quotationSequenceKey(entity.code, year, month)),
    });
  }
  const calculation = await calculate(trx, steps, ctx.deps.config.workingDaysPerMonth);
  const quotation = await Quotation.query(trx).insertAndFetch({
    number,
    type: body.type,
    leadId: reference.leadId,
    entityId: reference.entityId,
    branchId: reference.branchId,
    salesUserId: principal.userId,
    customerName: reference.customerName,
    contractKind: steps.contractKind ?? null,
    step,
    parentQuotationId: reference.id,
    revision,
    statusReason: options.reason ?? null,
    calculation: JSON.stringify(calculation) as unknown as Calculation,
    calculatedAt: new Date(),
    createdBy: principal.userId,
    updatedBy: principal.userId,
  });
  const rows = Object.entries(steps)
    .filter(([key]) => /^\d+$/.test(key))
    .map(([key, data]) => ({
      quotation_id: quotation.id,
      step: Number(key),
      data: JSON.stringify(data),
      saved_by: principal.userId,
    }));
  if (rows.length) await trx('quotation_steps').insert(rows);
  return quotation;
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
              : await createVersion(ctx, trx, principal, body);
          // Started inside the transaction: if Temporal refuses, the row is rolled back with it.
          await callTemporal('quotation', config.updateTimeoutMs, temporal.withDeadline.bind(temporal), () =>
            startQuotationRun(temporal, config, quotation.toRecord()),
          );
          return { status: 201, body: quotation.toRecord() };
        },
        async (stored) => {
          await callTemporal('quotation', config.updateTimeoutMs, temporal.withDeadline.bind(temporal), () =>
            startQuotationRun(temporal, config, stored.body as QuotationRecord),
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
      search: Joi.string().trim().max(100),
    }),
    async handler(ctx, { query }) {
      const principal = requirePrincipal(ctx);
      requireAbility(principal, 'read', 'Quotation');
      const q = applyReadScope(ctx.deps.knex('quotations'), principal, 'Quotation', 'quotations').orderBy('id', 'desc');
      if (query.status) q.where('status', query.status);
      if (query.search)
        q.where((w) => w.whereILike('number', `%${query.search}%`).orWhereILike('customer_name', `%${query.search}%`));
      const page = await paginate<Record<string, unknown>>(q, query.page, query.pageSize);
      return { ...page, data: page.data.map((row) => Quotation.fromDatabaseJson(row).toRecord()) };
    },
  },
  {
    method: 'get',
    path: '/api/quotations/:id',
    summary: 'One quotation (the projection its workflow keeps)',
    tag: 'quotations',
    params: idParams,
    response: record,
    async handler(ctx, { params }) {
      return (await loadQuotation(ctx, requirePrincipal(ctx), params.id, 'read')).toRecord();
    },
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
];
