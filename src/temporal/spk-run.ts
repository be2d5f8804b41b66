// Starts an SPK's run: one per SPK, keyed by its id, named and searchable by its number and customer.
import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import { WorkflowIdConflictPolicy } from '@temporalio/common';
import type { Config } from '../config';
import { spkWorkflowId, type SpkRecord } from '../../workflows/spk-contract';
import type { spkWorkflow } from '../../workflows/spk';
import { runNames } from '../db/run-names';
import { contractSearchAttributes, runDetails, runMemo } from './contract-search-attributes';

export async function startSpkRun(
  temporal: Client,
  config: Config,
  db: Knex | Knex.Transaction,
  record: SpkRecord,
  sites: Array<{ quotationId: number }>,
) {
  const names = await runNames(db, record.entityId, record.salesUserId);
  return temporal.workflow.start<typeof spkWorkflow>('spkWorkflow', {
    taskQueue: config.taskQueue,
    workflowId: spkWorkflowId(record.id),
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    args: [{ spkId: record.id, number: record.number, quotationIds: [...new Set(sites.map((s) => s.quotationId))] }],
    typedSearchAttributes: contractSearchAttributes(record, names),
    memo: runMemo(record.customerName, names),
    staticSummary: `SPK ${record.number} · ${record.customerName} (${sites.length} site(s))`,
    staticDetails: runDetails(record.customerName, names),
  });
}
