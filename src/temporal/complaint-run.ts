// Starts a complaint's run: one per complaint, escalating while it is open, searchable by its contract and customer.
import type { Client } from '@temporalio/client';
import { WorkflowIdConflictPolicy } from '@temporalio/common';
import type { Config } from '../config';
import { complaintWorkflowId, type ComplaintRecord } from '../../workflows/complaint-contract';
import type { complaintWorkflow } from '../../workflows/complaint';
import type { PksRecord } from '../../workflows/pks-contract';
import { ContractNumber, CustomerName, LifecycleStatus } from '../../workflows/search-attributes';

export function startComplaintRun(temporal: Client, config: Config, record: ComplaintRecord, pks: PksRecord) {
  return temporal.workflow.start<typeof complaintWorkflow>('complaintWorkflow', {
    taskQueue: config.taskQueue,
    workflowId: complaintWorkflowId(record.id),
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    args: [{ complaintId: record.id, slaHours: config.complaintSlaHours }],
    typedSearchAttributes: [
      { key: ContractNumber, value: pks.number },
      { key: CustomerName, value: pks.customerName },
      { key: LifecycleStatus, value: 'open' },
    ],
    staticSummary: `Complaint "${record.title}" on PKS ${pks.number} (${pks.customerName})`,
  });
}
