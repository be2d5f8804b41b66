// Quotations: the API reads the Postgres projection and turns commands into workflow starts and Updates.
import type { Client } from '@temporalio/client';
import type { ServiceDeps, ServiceInput } from './deps';
import { WorkflowIdConflictPolicy } from '@temporalio/common';
import type { Config } from '../config';
import { Quotation } from '../db/models/quotation';
import { nextSequence } from '../db/document-sequences';
import { jakartaYearMonth } from '../domain/jakarta-time';
import { formatQuotationNumber, quotationSequenceKey } from '../domain/quotation-number';
import type { quotationWorkflow } from '../../workflows/quotation';
import { quotationWorkflowId, type QuotationRecord } from '../../workflows/quotation-contract';
import {
  CustomerName,
  EntityId,
  LifecycleStatus,
  QuotationNumber,
  SalesUserId,
} from '../../workflows/search-attributes';
import { applyReadScope } from '../db/read-scope';
import { requireAbility, requireRowAbility } from '../auth/guards';
import { paginate } from '../db/listing';
import { conflict, invalid } from '../errors';
import type { Principal } from '../auth/principal';
import { subject as asSubject } from '@casl/ability';
import type { Knex } from 'knex';
import { calculate, loadSteps, type Calculation } from '../db/quotation-pricing';
import {
  keepSites,
  revisionNumber,
  rootNumber,
  stepsForNewVersion,
  type QuotationType,
} from '../domain/quotation/versions';

// How a version is made: from the API (reference statuses above), or from an SPK's sites sent back ("ajukan
// ulang": a revision of the converted quotation holding only those sites, with the reason).
export interface VersionOptions {
  resubmittedSiteKeys?: string[];
  reason?: string;
}

// What each type may be made from: a renewal or addendum continues a quotation that became a contract (converted)
// or is approved; which contract it changes is named when its PKS is made.
export const REFERENCE_STATUSES: Record<Exclude<QuotationType, 'baru'>, string[]> = {
  revisi: ['draft', 'submitted', 'approved'],
  rekontrak: ['approved', 'converted'],
  addendum: ['approved', 'converted'],
};

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
  deps: ServiceDeps,
  principal: Principal,
  id: number,
  action: 'read' | 'update',
): Promise<Quotation> {
  const row = await Quotation.query(deps.knex).findById(id);
  return requireRowAbility(principal, action, 'Quotation', row, `quotation ${id}`);
}

export async function createNew(
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

// A revision, renewal or addendum: a new quotation (and run) starting from a copy of the reference's steps.
export async function createVersion(
  deps: ServiceDeps,
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
  const calculation = await calculate(trx, steps, deps.config.workingDaysPerMonth);
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

// GET /api/quotations
export async function getQuotations(deps: ServiceDeps, principal: Principal, { query }: ServiceInput) {
  requireAbility(principal, 'read', 'Quotation');
  const q = applyReadScope(deps.knex('quotations'), principal, 'Quotation', 'quotations').orderBy('id', 'desc');
  if (query.status) q.where('status', query.status);
  if (query.search)
    q.where((w) => w.whereILike('number', `%${query.search}%`).orWhereILike('customer_name', `%${query.search}%`));
  const page = await paginate<Record<string, unknown>>(q, query.page, query.pageSize);
  return { ...page, data: page.data.map((row) => Quotation.fromDatabaseJson(row).toRecord()) };
}

// GET /api/quotations/:id
export async function getQuotationsById(deps: ServiceDeps, principal: Principal, { params }: ServiceInput) {
  return (await loadQuotation(deps, principal, params.id, 'read')).toRecord();
}
