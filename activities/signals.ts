// A signal one run could not deliver to another: kept for ops (and counted in /ready), with a warning in the log.
import type { Knex } from 'knex';

export interface UndeliveredSignal {
  fromWorkflowId: string;
  targetWorkflowId: string;
  signal: string;
  payload: unknown;
  error: string;
}

export function createSignalActivities(deps: { knex: Knex; log: (message: string, meta: object) => void }) {
  return {
    async recordUndeliveredSignal(record: UndeliveredSignal): Promise<void> {
      await deps
        .knex('undelivered_signals')
        .insert({
          from_workflow_id: record.fromWorkflowId,
          target_workflow_id: record.targetWorkflowId,
          signal: record.signal,
          payload: JSON.stringify(record.payload),
          error: record.error,
        })
        .onConflict(['from_workflow_id', 'target_workflow_id', 'signal', 'payload'])
        .ignore();
      deps.log('a signal could not be delivered: its target run has ended or failed', { ...record });
    },
  };
}
