// One run per quotation, from creation to its outcome. Commands arrive as Updates: the validator applies the
// lifecycle rules before anything enters history, the handler persists through an activity and returns the
// fresh projection. Handlers share a mutex so commands apply one at a time, in order.
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { Mutex } from 'async-mutex';
import type { createApprovalActivities, Notice } from '../activities/quotation-approvals';
import type { createQuotationActivities } from '../activities/quotations';
import {
  checkCancel,
  checkCloseLost,
  checkCopySite,
  checkDecision,
  checkSaveStep,
  checkSubmit,
  FINAL_STATUSES,
  pendingLevel,
  STEP_COUNT,
  type QuotationState,
  type QuotationStatus,
  type Rejection,
} from '../src/domain/quotation-lifecycle';
import {
  cancelUpdate,
  closeLostUpdate,
  copySiteUpdate,
  decisionUpdate,
  REJECTION_TYPES,
  saveStepUpdate,
  stateQuery,
  submitUpdate,
  supersedeSignal,
  convertedSignal,
  quotationWorkflowId,
  type QuotationRecord,
  type QuotationWorkflowInput,
} from './quotation-contract';
import { sendOrHandOff } from './notice-delivery';
import { LifecycleStatus } from './search-attributes';

const activities = proxyActivities<
  ReturnType<typeof createQuotationActivities> & ReturnType<typeof createApprovalActivities>
>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '30 seconds' },
});
// A command's persistence is short, idempotent (version-checked) and on the user's critical path: as a local
// activity it runs in the worker that holds the run, without a round trip through the server's task queues (issue 14).
const local = proxyLocalActivities<
  ReturnType<typeof createQuotationActivities> & ReturnType<typeof createApprovalActivities>
>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '30 seconds' },
});
// Mail may wait for a server that is down; it never blocks commands, which queue it for the main loop.
const mail = proxyActivities<ReturnType<typeof createApprovalActivities>>({
  startToCloseTimeout: '1 minute',
  // A few quick attempts, then the notice is handed to its own delivery run (sendOrHandOff).
  retry: { initialInterval: '10 seconds', maximumInterval: '1 minute', maximumAttempts: 3 },
});

// The other commands' persistence, local likewise; runs that scheduled it as a regular activity replay that way.
const commandActivities = () => (patched('command-local-activities') ? local : activities);

function throwIfRejected(rejection: Rejection | null): void {
  if (!rejection) return;
  throw ApplicationFailure.create({
    type: REJECTION_TYPES[rejection.kind],
    message: rejection.message,
    details: rejection.field ? [{ field: rejection.field }] : [],
    nonRetryable: true,
  });
}

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

function describe(state: QuotationState): string {
  const pending = pendingLevel(state);
  const waiting = pending ? ` · waiting for level ${pending.level} (${pending.name})` : '';
  return `Status: ${state.status} · step ${state.step} of ${STEP_COUNT} · version ${state.version}${waiting}`;
}

export async function quotationWorkflow(input: QuotationWorkflowInput): Promise<QuotationStatus> {
  const state: QuotationState = input.state ?? { quotationId: input.quotationId, status: 'draft', step: 0, version: 1 };
  const mutex = new Mutex();
  let reminders = 0;
  let lastReminded: string | null = null;

  const apply = <R extends QuotationRecord>(record: R): R => {
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
        const input = {
          quotationId: state.quotationId,
          fromVersion: state.version,
          step: command.step,
          data: command.data,
          userId: command.userId,
        };
        // Runs recorded before the change replay with the regular activity they scheduled.
        const save = patched('step-save-local-activity') ? local : activities;
        const record = await save.persistQuotationStep(input);
        return apply(record);
      }),
    { validator: (command) => throwIfRejected(checkSaveStep(state, command)) },
  );

  setHandler(
    cancelUpdate,
    (command) =>
      mutex.runExclusive(async () => {
        throwIfRejected(checkCancel(state, command));
        const record = await commandActivities().persistQuotationStatus({
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

  setHandler(
    closeLostUpdate,
    (command) =>
      mutex.runExclusive(async () => {
        throwIfRejected(checkCloseLost(state));
        const record = await commandActivities().closeQuotationLost({
          quotationId: state.quotationId,
          fromVersion: state.version,
          ...command,
        });
        state.approval = null;
        state.expiresAt = null;
        return apply(record);
      }),
    { validator: (_command) => throwIfRejected(checkCloseLost(state)) },
  );

  const outbox: Notice[] = [];

  setHandler(
    submitUpdate,
    (command) =>
      mutex.runExclusive(async () => {
        throwIfRejected(checkSubmit(state, command));
        const submitted = await commandActivities().submitQuotation({
          quotationId: state.quotationId,
          fromVersion: state.version,
          userId: command.userId,
        });
        state.authorUserId = submitted.authorUserId;
        state.validityDays = submitted.validityDays;
        state.approval = { submission: submitted.submission, levels: submitted.levels, index: 0 };
        outbox.push({ kind: 'approval_needed', quotationId: state.quotationId, level: submitted.levels[0] });
        return apply(submitted.record);
      }),
    { validator: (command) => throwIfRejected(checkSubmit(state, command)) },
  );

  setHandler(
    decisionUpdate,
    (command) =>
      mutex.runExclusive(async () => {
        // Two approvers racing: the second finds the level decided (or the status changed) and is refused.
        throwIfRejected(checkDecision(state, command));
        const approval = state.approval!;
        const level = approval.levels[approval.index];
        const next = command.decision === 'approve' ? (approval.levels[approval.index + 1] ?? null) : null;
        const record = await commandActivities().recordDecision({
          quotationId: state.quotationId,
          fromVersion: state.version,
          submission: approval.submission,
          level: level.level,
          userId: command.userId,
          decision: command.decision,
          note: command.note,
          next,
        });
        state.approval = next ? { ...approval, index: approval.index + 1 } : null;
        if (command.decision === 'approve' && !next) {
          state.expiresAt = Date.now() + (state.validityDays ?? 30) * DAY_MS;
          // An approved revision replaces the quotation it was made from; that run records it and ends.
          if (input.supersedesQuotationId) {
            await getExternalWorkflowHandle(quotationWorkflowId(input.supersedesQuotationId))
              .signal(supersedeSignal, { quotationId: state.quotationId, number: input.number })
              .catch(() => undefined); // it may have ended already (cancelled, expired)
          }
        }
        outbox.push({
          kind: 'decided',
          quotationId: state.quotationId,
          level,
          decision: command.decision,
          note: command.note,
          final: command.decision === 'approve' && !next,
        });
        if (next) outbox.push({ kind: 'approval_needed', quotationId: state.quotationId, level: next });
        return apply(record);
      }),
    { validator: (command) => throwIfRejected(checkDecision(state, command)) },
  );

  setHandler(
    copySiteUpdate,
    (command) =>
      mutex.runExclusive(async () => {
        throwIfRejected(checkCopySite(state));
        const record = await commandActivities().copyQuotationSite({
          quotationId: state.quotationId,
          fromVersion: state.version,
          ...command,
        });
        return apply(record);
      }),
    { validator: (_command) => throwIfRejected(checkCopySite(state)) },
  );

  setHandler(convertedSignal, (by) => {
    if (state.status === 'approved') state.convertedBy = by;
  });

  setHandler(supersedeSignal, (by) => {
    if (!FINAL_STATUSES.includes(state.status)) state.supersededBy = by;
  });

  setCurrentDetails(describe(state));
  // Sends queued mail; while a level waits, reminds its approvers (and escalation role) every escalation period;
  // an approved offer expires when its validity ends.
  for (;;) {
    const pending = pendingLevel(state);
    const waitingFor = pending ? `${state.approval!.submission}:${state.approval!.index}` : null;
    const current = () => (pendingLevel(state) ? `${state.approval!.submission}:${state.approval!.index}` : null);
    const expiring =
      state.status === 'approved' && state.expiresAt ? Math.max(0, state.expiresAt - Date.now()) : undefined;
    const woke = await condition(
      () =>
        outbox.length > 0 ||
        FINAL_STATUSES.includes(state.status) ||
        workflowInfo().continueAsNewSuggested ||
        current() !== waitingFor ||
        !!state.supersededBy ||
        !!state.convertedBy,
      pending ? pending.escalationHours * HOUR_MS : expiring,
    );
    if (outbox.length) {
      for (const notice of outbox.splice(0))
        await sendOrHandOff({ channel: 'quotation', notice }, () => mail.sendApprovalNotice(notice));
      continue;
    }
    if (state.convertedBy) {
      const by = state.convertedBy;
      await mutex.runExclusive(async () => {
        if (state.status === 'approved') {
          apply(
            await activities.persistQuotationStatus({
              quotationId: state.quotationId,
              fromVersion: state.version,
              status: 'converted',
              reason: `${by.pksId ? 'PKS' : 'SPK'} ${by.number}`,
              userId: null,
            }),
          );
          state.expiresAt = null;
        }
        state.convertedBy = null;
      });
      continue;
    }
    if (state.supersededBy) {
      const by = state.supersededBy;
      await mutex.runExclusive(async () => {
        if (!FINAL_STATUSES.includes(state.status)) {
          apply(
            await activities.markSuperseded({
              quotationId: state.quotationId,
              fromVersion: state.version,
              byQuotationId: by.quotationId,
              byNumber: by.number,
            }),
          );
        }
        state.supersededBy = null;
        state.approval = null;
      });
      continue;
    }
    if (!woke && pending) {
      reminders = current() === lastReminded ? reminders + 1 : 1;
      lastReminded = current();
      await activities.recordEscalation({
        quotationId: state.quotationId,
        submission: state.approval!.submission,
        level: pending.level,
        reminder: reminders,
      });
      const notice: Notice = { kind: 'escalated', quotationId: state.quotationId, level: pending, reminder: reminders };
      await sendOrHandOff({ channel: 'quotation', notice }, () => mail.sendApprovalNotice(notice));
      continue;
    }
    if (!woke && expiring !== undefined) {
      await mutex.runExclusive(async () => {
        if (state.status !== 'approved') return;
        const days = state.validityDays ?? 30;
        apply(
          await activities.persistQuotationStatus({
            quotationId: state.quotationId,
            fromVersion: state.version,
            status: 'expired',
            reason: `validity of ${days} days ended`,
            userId: null,
          }),
        );
        outbox.push({ kind: 'expired', quotationId: state.quotationId, validityDays: days });
      });
      continue;
    }
    if (FINAL_STATUSES.includes(state.status) || workflowInfo().continueAsNewSuggested) break;
  }
  await condition(allHandlersFinished);
  if (!FINAL_STATUSES.includes(state.status)) {
    return await continueAsNew<typeof quotationWorkflow>({ ...input, state });
  }
  return state.status;
}
