// Starts an SPK's run: one per SPK, keyed by its id, named and searchable by its number and customer.
import type { Client } from '@temporalio/client';
import { WorkflowIdConflictPolicy } from '@temporalio/common';
import type { Config } from '../config';
import { spkWorkflowId, type SpkRecord } from '../../workflows/spk-contract';
import type { spkWorkflow } from '../../workflows/spk';
import { contractSearchAttributes } from './contract-search-attributes';

export function startSpkRun(
  temporal: Client,
  config: Config,
  record: SpkRecord,
  sites: Array<{ quotationId: number }>,
) {
  return temporal.workflow.start<typeof spkWorkflow>('spkWorkflow', {
    taskQueue: config.taskQueue,
    workflowId: spkWorkflowId(record.id),
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    args: [{ spkId: record.id, number: record.number, quotationIds: [...new Set(sites.map((s) => s.quotationId))] }],
    typedSearchAttributes: contractSearchAttributes(record),
    staticSummary: `SPK ${record.number} for ${record.customerName} (${sites.length} site(s))`,
  });
}
