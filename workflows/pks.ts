// One run per PKS: sign-off, checklist, the customer's signed copy and activation are Updates whose validators
// apply the contract rules; once active, durable timers remind the sales owner before the end and expire it.
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { Mutex } from 'async-mutex';
import type { createPksActivities, PksNotice } from '../activities/pks';
import {
  checkPksActivate,
  checkPksCancel,
  checkPksChecklist,
  checkPksCorrect,
  checkPksClauseEdit,
  checkPksDecision,
  checkPksSigned,
  checkPksSubmit,
  checkPksTerminate,
  FINAL_PKS_STATUSES,
  REQUIRED_CHECKLIST,
  reminderDates,
  type PksState,
  type PksStatus,
} from '../src/domain/pks';
import type { Rejection } from '../src/domain/quotation-lifecycle';
import {
  activatePksUpdate,
  cancelPksUpdate,
  checklistPksUpdate,
  correctPksUpdate,
  clausePksUpdate,
  decidePksUpdate,
  parentEndedPksSignal,
  pksStateQuery,
  pksWorkflowId,
  submitPksUpdate,
  supersededPksSignal,
  terminatePksUpdate,
  uploadSignedPksUpdate,
  type PksRecord,
  type PksWorkflowInput,
} from './pks-contract';
import { convertedSignal, quotationWorkflowId, REJECTION_TYPES } from './quotation-contract';
import { sendOrHandOff } from './notice-delivery';
import { signalOrRecord } from './signal-or-record';
import { LifecycleStatus } from './search-attributes';
import { spkContractSignal, spkWorkflowId, type SpkContractEvent } from './spk-contract';

const activities = proxyActivities<ReturnType<typeof createPksActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '30 seconds' },
});
const mail = proxyActivities<ReturnType<typeof createPksActivities>>({
  startToCloseTimeout: '1 minute',
  // A few quick attempts, then the notice is handed to its own delivery run (sendOrHandOff).
  retry: { initialInterval: '10 seconds', maximumInterval: '1 minute', maximumAttempts: 3 },
});
const DAY_MS = 24 * 60 * 60 * 1000;

function refuse(rejection: Rejection | null): void {
  if (!rejection) return;
  throw ApplicationFailure.create({
    type: REJECTION_TYPES[rejection.kind],
    message: rejection.message,
    details: rejection.field ? [{ field: rejection.field }] : [],
    nonRetryable: true,
  });
}

const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const msOf = (date: string) => new Date(`${date}T00:00:00Z`).getTime();

export async function pksWorkflow(input: PksWorkflowInput): Promise<PksStatus> {
  const state: PksState & { missingChecklist: string[]; reminded: number[] } = {
    ...(input.state ?? { pksId: input.pksId, status: 'draft', version: 1 }),
    contractEnd: input.contractEnd,
    missingChecklist: (input.state as { missingChecklist?: string[] } | undefined)?.missingChecklist ?? [
      ...REQUIRED_CHECKLIST,
    ],
    reminded: (input.state as { reminded?: number[] } | undefined)?.reminded ?? [],
  };
  const mutex = new Mutex();
  const outbox: PksNotice[] = [];
  const spkEvents: SpkContractEvent[] = input.state ? [] : ['in_pks'];
  // Messages to other runs: quotations this renewal/addendum converts, and the parent a renewal replaces.
  const outgoing: Array<() => Promise<void>> = input.state
    ? []
    : (input.quotationIds ?? []).map(
        (quotationId) => () =>
          signalOrRecord(quotationWorkflowId(quotationId), convertedSignal, {
            pksId: input.pksId,
            number: input.number,
          }),
      );
  let supersededBy = null as { byPksId: number; number: string; lastDay: string } | null;
  let parentEnded = null as { reason: string; lastDay: string } | null;
  // A contract that ends early takes its running addenda with it.
  const endAddenda = (reason: string, lastDay: string) =>
    outgoing.push(async () => {
      for (const addendumId of await activities.runningAddendaOf({ pksId: state.pksId })) {
        await signalOrRecord(pksWorkflowId(addendumId), parentEndedPksSignal, { reason, lastDay });
      }
    });
  const final = () => FINAL_PKS_STATUSES.includes(state.status);
  const apply = (record: PksRecord): PksRecord => {
    const changed = record.status !== state.status;
    state.status = record.status as PksStatus;
    state.version = record.version;
    state.contractEnd = record.contractEnd;
    if (changed) upsertSearchAttributes([{ key: LifecycleStatus, value: state.status }]);
    setCurrentDetails(
      `Status: ${state.status} · version ${state.version}${state.missingChecklist.length ? ` · checklist missing ${state.missingChecklist.length}` : ''}`,
    );
    return record;
  };
  const command = <T>(check: () => Rejection | null, run: () => Promise<T>) =>
    mutex.runExclusive(async () => {
      refuse(check());
      return run();
    });

  setHandler(pksStateQuery, () => state);
  setHandler(
    submitPksUpdate,
    (c) =>
      command(
        () => checkPksSubmit(state),
        async () => {
          state.authorUserId = c.userId;
          outbox.push({ pksId: state.pksId, event: 'submitted' });
          const submission = { pksId: state.pksId, fromVersion: state.version, userId: c.userId };
          // Runs recorded before sign-off policies replay the single Director of Sales level.
          if (!patched('pks-sign-off-policy')) return apply(await activities.submitPks(submission));
          const { record, roles } = await activities.submitPksForSignOff(submission);
          state.signOff = { roles, index: 0 };
          return apply(record);
        },
      ),
    { validator: (_c) => refuse(checkPksSubmit(state)) },
  );
  setHandler(
    decidePksUpdate,
    (c) =>
      command(
        () => checkPksDecision(state, c),
        async () => {
          const decision = {
            pksId: state.pksId,
            fromVersion: state.version,
            userId: c.userId,
            decision: c.decision,
            note: c.note,
          };
          const signOff = state.signOff;
          if (!signOff) {
            outbox.push({
              pksId: state.pksId,
              event: c.decision === 'approve' ? 'approved' : 'rejected',
              note: c.note,
            });
            return apply(await activities.decidePks(decision));
          }
          const nextRole = c.decision === 'approve' ? (signOff.roles[signOff.index + 1] ?? null) : null;
          const record = apply(await activities.decidePksLevel({ ...decision, level: signOff.index + 1, nextRole }));
          if (nextRole) {
            signOff.index += 1;
            outbox.push({ pksId: state.pksId, event: 'submitted' });
          } else {
            state.signOff = null;
            outbox.push({
              pksId: state.pksId,
              event: c.decision === 'approve' ? 'approved' : 'rejected',
              note: c.note,
            });
          }
          return record;
        },
      ),
    { validator: (c) => refuse(checkPksDecision(state, c)) },
  );
  setHandler(
    checklistPksUpdate,
    (c) =>
      command(
        () => checkPksChecklist(state),
        async () => {
          const result = await activities.savePksChecklist({
            pksId: state.pksId,
            fromVersion: state.version,
            userId: c.userId,
            checklist: c.checklist,
          });
          state.missingChecklist = result.missingChecklist;
          apply(result.record);
          return result;
        },
      ),
    { validator: (_c) => refuse(checkPksChecklist(state)) },
  );
  setHandler(
    uploadSignedPksUpdate,
    (c) =>
      command(
        () => checkPksSigned(state),
        async () => {
          outbox.push({ pksId: state.pksId, event: 'signed' });
          return apply(
            await activities.recordSignedPks({
              pksId: state.pksId,
              fromVersion: state.version,
              userId: c.userId,
              fileId: c.fileId,
            }),
          );
        },
      ),
    { validator: (_c) => refuse(checkPksSigned(state)) },
  );
  setHandler(
    activatePksUpdate,
    (c) =>
      command(
        () => checkPksActivate(state, c, state.missingChecklist),
        async () => {
          const record = apply(
            await activities.activatePks({ pksId: state.pksId, fromVersion: state.version, userId: c.userId }),
          );
          outbox.push({ pksId: state.pksId, event: 'activated' });
          spkEvents.push('active');
          if (input.type === 'rekontrak' && input.parentPksId) {
            const parentId = input.parentPksId;
            const lastDay = dateOf(msOf(record.contractStart) - DAY_MS);
            outgoing.push(() =>
              signalOrRecord(pksWorkflowId(parentId), supersededPksSignal, {
                byPksId: state.pksId,
                number: input.number,
                lastDay,
              }),
            );
          }
          return record;
        },
      ),
    { validator: (c) => refuse(checkPksActivate(state, c, state.missingChecklist)) },
  );
  setHandler(
    terminatePksUpdate,
    (c) =>
      command(
        () => checkPksTerminate(state, c),
        async () => {
          const record = apply(
            await activities.terminatePks({
              pksId: state.pksId,
              fromVersion: state.version,
              userId: c.userId,
              effectiveDate: c.effectiveDate,
              reason: c.reason,
            }),
          );
          outbox.push({ pksId: state.pksId, event: 'terminated', note: c.reason });
          endAddenda(`PKS ${input.number} terminated: ${c.reason}`, c.effectiveDate);
          return record;
        },
      ),
    { validator: (c) => refuse(checkPksTerminate(state, c)) },
  );
  setHandler(
    clausePksUpdate,
    (c) =>
      command(
        () => checkPksClauseEdit(state),
        async () =>
          apply(
            await activities.changePksClause({
              pksId: state.pksId,
              fromVersion: state.version,
              userId: c.userId,
              change: c.change,
            }),
          ),
      ),
    { validator: (_c) => refuse(checkPksClauseEdit(state)) },
  );
  setHandler(
    cancelPksUpdate,
    (c) =>
      command(
        () => checkPksCancel(state),
        async () => {
          const record = apply(
            await activities.cancelPks({
              pksId: state.pksId,
              fromVersion: state.version,
              userId: c.userId,
              reason: c.reason,
            }),
          );
          outbox.push({ pksId: state.pksId, event: 'cancelled', note: c.reason });
          // Its SPKs' sites are free again (a renewal or addendum has none: its quotation stays converted and may
          // price another contract).
          spkEvents.push('released');
          return record;
        },
      ),
    { validator: (_c) => refuse(checkPksCancel(state)) },
  );
  setHandler(
    correctPksUpdate,
    (c) =>
      command(
        () => checkPksCorrect(state),
        async () =>
          apply(
            await activities.correctPks({
              pksId: state.pksId,
              fromVersion: state.version,
              userId: c.userId,
              correction: c.correction,
            }),
          ),
      ),
    { validator: (_c) => refuse(checkPksCorrect(state)) },
  );
  setHandler(supersededPksSignal, (by) => {
    if (!final()) supersededBy = by;
  });
  setHandler(parentEndedPksSignal, (by) => {
    if (!final()) parentEnded = by;
  });

  setCurrentDetails(`Status: ${state.status} · version ${state.version}`);
  for (;;) {
    // Once active: the next renewal reminder, then the end of the contract.
    let wakeAt: number | undefined;
    let reminder: { daysBefore: number; date: string } | undefined;
    if (state.status === 'active') {
      const contractEnd = state.contractEnd ?? input.contractEnd;
      reminder = reminderDates(contractEnd, input.reminderDaysBefore, dateOf(Date.now())).find(
        (r) => !state.reminded.includes(r.daysBefore),
      );
      wakeAt = reminder ? msOf(reminder.date) : msOf(contractEnd) + DAY_MS;
    }
    const woke = await condition(
      () =>
        outbox.length > 0 ||
        spkEvents.length > 0 ||
        outgoing.length > 0 ||
        !!supersededBy ||
        !!parentEnded ||
        final() ||
        workflowInfo().continueAsNewSuggested,
      wakeAt !== undefined ? Math.max(0, wakeAt - Date.now()) : undefined,
    );
    if (spkEvents.length) {
      for (const status of spkEvents.splice(0)) {
        for (const spkId of input.spkIds) {
          await signalOrRecord(spkWorkflowId(spkId), spkContractSignal, { status, pksNumber: input.number });
        }
      }
      continue;
    }
    if (outgoing.length) {
      for (const send of outgoing.splice(0)) await send();
      continue;
    }
    if (supersededBy) {
      const by = supersededBy;
      supersededBy = null;
      await mutex.runExclusive(async () => {
        if (final()) return;
        apply(
          await activities.supersedePks({
            pksId: state.pksId,
            fromVersion: state.version,
            byPksId: by.byPksId,
            byNumber: by.number,
            lastDay: by.lastDay,
          }),
        );
        outbox.push({ pksId: state.pksId, event: 'superseded', note: `renewed by PKS ${by.number}` });
        endAddenda(`PKS ${input.number} renewed by PKS ${by.number}`, by.lastDay);
      });
      continue;
    }
    if (parentEnded) {
      const by = parentEnded;
      parentEnded = null;
      await mutex.runExclusive(async () => {
        if (final()) return;
        apply(
          await activities.endWithParent({
            pksId: state.pksId,
            fromVersion: state.version,
            reason: by.reason,
            lastDay: by.lastDay,
          }),
        );
        outbox.push({ pksId: state.pksId, event: 'terminated', note: by.reason });
      });
      continue;
    }
    if (outbox.length) {
      for (const notice of outbox.splice(0))
        await sendOrHandOff({ channel: 'pks', notice }, () => mail.sendPksNotice(notice));
      continue;
    }
    if (!woke && state.status === 'active') {
      if (reminder) {
        state.reminded.push(reminder.daysBefore);
        await activities.recordPksReminder({ pksId: state.pksId, daysBefore: reminder.daysBefore });
        outbox.push({ pksId: state.pksId, event: 'reminder', daysBefore: reminder.daysBefore });
      } else {
        await mutex.runExclusive(async () => {
          apply(await activities.expirePks({ pksId: state.pksId, fromVersion: state.version }));
          outbox.push({ pksId: state.pksId, event: 'expired' });
        });
      }
      continue;
    }
    if (final() || workflowInfo().continueAsNewSuggested) break;
  }
  await condition(allHandlersFinished);
  if (!final())
    return await continueAsNew<typeof pksWorkflow>({
      ...input,
      contractEnd: state.contractEnd ?? input.contractEnd,
      state,
    });
  return state.status;
}
