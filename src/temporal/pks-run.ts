// Starts a PKS's run: one per contract, keyed by its id, named and searchable by its number and customer.
import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import { WorkflowIdConflictPolicy } from '@temporalio/common';
import type { Config } from '../config';
import type { PksSource } from '../contracts/pks-source';
import type { PksState } from '../domain/pks';
import { pksWorkflowId, type PksRecord } from '../../workflows/pks-contract';
import type { pksWorkflow } from '../../workflows/pks';
import { runNames } from '../db/run-names';
import { contractSearchAttributes, runDetails, runMemo } from './contract-search-attributes';

export async function startPksRun(
  temporal: Client,
  config: Config,
  db: Knex | Knex.Transaction,
  record: PksRecord,
  source: Pick<PksSource, 'type' | 'parent' | 'spkIds' | 'quotationIds' | 'contractStart' | 'contractEnd'>,
  // A contract already running when it comes into CAIS (go-live import): its run starts in that state.
  state?: PksState,
) {
  const names = await runNames(db, record.entityId, record.salesUserId);
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
        ...(state ? { state } : {}),
      },
    ],
    typedSearchAttributes: contractSearchAttributes(record, names),
    memo: runMemo(record.customerName, names),
    staticSummary: `PKS ${record.number} (${source.type}) · ${record.customerName}, ${source.contractStart} – ${source.contractEnd}`,
    staticDetails: runDetails(record.customerName, names),
  });
}
