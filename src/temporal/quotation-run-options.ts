// How a quotation's run is started, whoever starts it (the API with its client, or a campaign's run as a child): its
// id, input, and the search attributes, memo and summary ops find it by in the Temporal UI. Plain data, so an
// activity can hand it to a workflow.
import type { Knex } from 'knex';
import type { SearchAttributePair } from '@temporalio/common';
import { runNames } from '../db/run-names';
import {
  quotationWorkflowId,
  type QuotationRecord,
  type QuotationWorkflowInput,
} from '../../workflows/quotation-contract';
import {
  CustomerName,
  EntityCode,
  EntityId,
  LifecycleStatus,
  QuotationNumber,
  SalesName,
  SalesUserId,
} from '../../workflows/search-attributes';
import { runDetails, runMemo } from './contract-search-attributes';

export interface QuotationRunOptions {
  workflowId: string;
  args: [QuotationWorkflowInput];
  typedSearchAttributes: SearchAttributePair[];
  memo: Record<string, unknown>;
  staticSummary: string;
  staticDetails: string;
}

export async function quotationRunOptions(
  db: Knex | Knex.Transaction,
  q: QuotationRecord,
): Promise<QuotationRunOptions> {
  const names = await runNames(db, q.entityId, q.salesUserId);
  return {
    workflowId: quotationWorkflowId(q.id),
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
      { key: EntityCode, value: names.entityCode },
      { key: SalesName, value: names.salesName },
    ],
    memo: runMemo(q.customerName, names),
    staticSummary: `${q.number} · ${q.customerName}`,
    staticDetails: `Quotation (${q.type}), id ${q.id}\n${runDetails(q.customerName, names)}`,
  };
}
