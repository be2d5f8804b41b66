// Signals another run; when that run cannot take it (ended, failed, never existed), the signal is recorded for ops
// instead of being dropped, and this run carries on.
import { getExternalWorkflowHandle, proxyActivities, workflowInfo, type SignalDefinition } from '@temporalio/workflow';
import type { createSignalActivities } from '../activities/signals';

const { recordUndeliveredSignal } = proxyActivities<ReturnType<typeof createSignalActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '1 minute' },
});

export async function signalOrRecord<T>(targetWorkflowId: string, signal: SignalDefinition<[T]>, payload: T) {
  try {
    await getExternalWorkflowHandle(targetWorkflowId).signal(signal, payload);
  } catch (error) {
    await recordUndeliveredSignal({
      fromWorkflowId: workflowInfo().workflowId,
      targetWorkflowId,
      signal: signal.name,
      payload,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}
