// One run per quotation, from creation to its outcome. Commands arrive as Updates: the validator applies the
// lifecycle rules before anything enters history, the handler persists through an activity and returns the
// fresh projection. Handlers share a mutex so commands apply one at a time, in order.
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { Mutex } from 'async-mutex';
import type { createQuotationActivities } from '../activities/quotations';
import {
  checkCancel,
  checkSaveStep,
  STEP_COUNT,
  type QuotationState,
  type QuotationStatus,
  type Rejection,
} from '../src/domain/quotation-lifecycle';
import {
  cancelUpdate,
  REJECTION_TYPES,
  saveStepUpdate,
  stateQuery,
  type QuotationRecord,
  type QuotationWorkflowInput,
} from './quotation-contract';
import { LifecycleStatus } from './search-attributes';

const activities = proxyActivities<ReturnType<typeof createQuotationActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '30 seconds' },
});

function throwIfRejected(rejection: Rejection | null): void {
  if (!rejection) return;
  throw ApplicationFailure.create({
    type: REJECTION_TYPES[rejection.kind],
    message: rejection.message,
    details: rejection.field ? [{ field: rejection.field }] : [],
    nonRetryable: true,
  });
}

function describe(state: QuotationState): string {
  return `Status: ${state.status} · step ${state.step} of ${STEP_COUNT} · version ${state.version}`;
}

export async function quotationWorkflow(input: QuotationWorkflowInput): Promise<QuotationStatus> {
  const state: QuotationState = input.state ?? { quotationId: input.quotationId, status: 'draft', step: 0, version: 1 };
  const mutex = new Mutex();

  const apply = (record: QuotationRecord): QuotationRecord => {
    const statusChanged = record.status !== state.status;
    state.status = record.status as QuotationStatus;
    state.step = record.step;
    state.version = record.version;
    if (statusChanged) upsertSearchAttributes([{ key: LifecycleStatus, value: state.status }]);
    setCurrentDetails(describe(state));
    return record;
  };

  setHandler(stateQuery, () => state);

  setHandler(
    saveStepUpdate,
    (command) =>
      mutex.runExclusive(async () => {
        // Checked again: an earlier command may have changed the state while this one waited for the mutex.
        throwIfRejected(checkSaveStep(state, command));
        const record = await activities.persistQuotationStep({
          quotationId: state.quotationId,
          fromVersion: state.version,
          step: command.step,
          data: command.data,
          userId: command.userId,
        });
        return apply(record);
      }),
    { validator: (command) => throwIfRejected(checkSaveStep(state, command)) },
  );

  setHandler(
    cancelUpdate,
    (command) =>
      mutex.runExclusive(async () => {
        throwIfRejected(checkCancel(state, command));
        const record = await activities.persistQuotationStatus({
          quotationId: state.quotationId,
          fromVersion: state.version,
          status: 'cancelled',
          reason: command.reason,
          userId: command.userId,
        });
        return apply(record);
      }),
    { validator: (command) => throwIfRejected(checkCancel(state, command)) },
  );

  setCurrentDetails(describe(state));
  await condition(() => state.status === 'cancelled' || workflowInfo().continueAsNewSuggested);
  await condition(allHandlersFinished);
  if (state.status !== 'cancelled') {
    return await continueAsNew<typeof quotationWorkflow>({ ...input, state });
  }
  return state.status;
}
