// Quotations: the API reads the Postgres projection and turns commands into workflow starts and Updates.
import { quotationRunOptions } from '../temporal/quotation-run-options';
import { insertVersion, openRevisionOf } from '../db/quotation-versions';
import type { Client } from '@temporalio/client';
import type { ServiceDeps, ServiceInput } from './deps';
import { WorkflowIdConflictPolicy } from '@temporalio/common';
import type { Config } from '../config';
import { Quotation } from '../db/models/quotation';
import { nextSequence } from '../db/document-sequences';
import { jakartaYearMonth } from '../domain/jakarta-time';
import { formatQuotationNumber, quotationSequenceKey } from '../domain/quotation-number';
import type { quotationWorkflow } from '../../workflows/quotation';
import type { QuotationRecord } from '../../workflows/quotation-contract';
import { applyReadScope } from '../db/read-scope';
import { requireAbility, requireRowAbility } from '../auth/guards';
import { containing, paginate } from '../db/listing';
import { conflict, invalid } from '../errors';
import type { Principal } from '../auth/principal';
import { subject as asSubject } from '@casl/ability';
import type { Knex } from 'knex';
import { loadSteps } from '../db/quotation-pricing';
import { keepSites, stepsForNewVersion, type QuotationType } from '../domain/quotation/versions';

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

export async function startQuotationRun(
  temporal: Client,
  config: Config,
  db: Knex | Knex.Transaction,
  q: QuotationRecord,
) {
  // Started by name: the API process never loads workflow code.
  return temporal.workflow.start<typeof quotationWorkflow>('quotationWorkflow', {
    taskQueue: config.taskQueue,
    // A replayed create finds the run already there and reuses it.
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    ...(await quotationRunOptions(db, q)),
  });
}

export async function loadQuotation(
  deps: ServiceDeps,
  principal: Principal,
  id: number,
  action: 'read' | 'update',
): Promise<Quotation> {
  const query = Quotation.query(deps.knex).findById(id);
  // A command needs the row's owner and state, not its calculation (for a large quotation, most of the row).
  if (action === 'update') query.select(Quotation.recordColumns);
  const row = await query;
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
  // One revision in the making at a time: a second would fork the offer the customer is negotiating.
  const open = body.type === 'revisi' ? await openRevisionOf(trx, reference.number) : undefined;
  if (open) {
    throw conflict(
      `quotation ${reference.number} already has a revision in the making: ${open.number} (${open.status})`,
      [{ field: 'referenceQuotationId', message: `revision ${open.number} (id ${open.id}) is ${open.status}` }],
    );
  }
  const referenceSteps = await loadSteps(trx, reference.id);
  const { steps, step } = stepsForNewVersion(
    body.type,
    options.resubmittedSiteKeys ? keepSites(referenceSteps, options.resubmittedSiteKeys) : referenceSteps,
    reference.step,
  );
  return insertVersion(
    trx,
    reference,
    {
      type: body.type,
      steps,
      step,
      salesUserId: principal.userId,
      userId: principal.userId,
      reason: options.reason ?? null,
    },
    deps.config,
  );
}

// GET /api/quotations
// What a list row shows (QuotationRecord): never the calculation, which for a large quotation is hundreds of KB.
const LIST_COLUMNS = Quotation.recordColumns.map((column) => `quotations.${column}`);

export async function getQuotations(deps: ServiceDeps, principal: Principal, { query }: ServiceInput) {
  requireAbility(principal, 'read', 'Quotation');
  const q = applyReadScope(deps.knex('quotations').select(LIST_COLUMNS), principal, 'Quotation', 'quotations').orderBy(
    'id',
    'desc',
  );
  if (query.status) q.where('status', query.status);
  if (query.leadId) q.where('lead_id', query.leadId);
  const text: string | undefined = query.q ?? query.search;
  if (text) q.where((w) => w.whereILike('number', containing(text)).orWhereILike('customer_name', containing(text)));
  const page = await paginate<Record<string, unknown>>(q, query.page, query.pageSize);
  return { ...page, data: page.data.map((row) => Quotation.fromDatabaseJson(row).toRecord()) };
}

// GET /api/quotations/:id
export async function getQuotationsById(deps: ServiceDeps, principal: Principal, { params }: ServiceInput) {
  return (await loadQuotation(deps, principal, params.id, 'read')).toRecord();
}
