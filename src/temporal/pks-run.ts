// Starts a PKS's run: one per contract, keyed by its id, named and searchable by its number and customer.
import type { Client } from '@temporalio/client';
import { WorkflowIdConflictPolicy } from '@temporalio/common';
import type { Config } from '../config';
import type { PksSource } from '../contracts/pks-source';
import { pksWorkflowId, type PksRecord } from '../../workflows/pks-contract';
import type { pksWorkflow } from '../../workflows/pks';
import { contractSearchAttributes } from './contract-search-attributes';

export function startPksRun(temporal: Client, config: Config, record: PksRecord, source: PksSource) {
  return temporal.workflow.start<typeof pksWorkflow>('pksWorkflow', {
    taskQueue: config.taskQueue,
    workflowId: pksWorkflowId(record.id),
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    args: [
      {
        pksId: record.id,
        number: record.number,
        spkIds: source.spkIds,
        contractEnd: source.contractEnd,
        reminderDaysBefore: source.type === 'addendum' ? [] : config.renewalReminderDays,
        type: source.type,
        parentPksId: source.parent?.id,
        quotationIds: source.quotationIds,
      },
    ],
    typedSearchAttributes: contractSearchAttributes(record),
    staticSummary: `PKS ${record.number} (${source.type}) for ${record.customerName}, ${source.contractStart} – ${source.contractEnd}`,
  });
}
