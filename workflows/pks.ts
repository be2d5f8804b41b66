// One run per PKS: sign-off, checklist, the customer's signed copy and activation are Updates whose validators
// apply the contract rules; once active, durable timers remind the sales owner before the end and expire it.
import {
  allHandlersFinished, ApplicationFailure, condition, continueAsNew, getExternalWorkflowHandle, proxyActivities, setCurrentDetails, setHandler,
  upsertSearchAttributes, workflowInfo,
} from '@temporalio/workflow';
import { Mutex } from 'async-mutex';
import type { createPksActivities, PksNotice } from '../activities/pks';
import {
  checkPksActivate, checkPksChecklist, checkPksDecision, checkPksSigned, checkPksSubmit, REQUIRED_CHECKLIST, reminderDates, type PksState, type PksStatus,
} from '../src/domain/pks';
import type { Rejection } from '../src/domain/quotation-lifecycle';
import {
  activatePksUpdate, checklistPksUpdate, decidePksUpdate, pksStateQuery, submitPksUpdate, uploadSignedPksUpdate, type PksRecord, type PksWorkflowInput,
} from './pks-contract';
import { REJECTION_TYPES } from './quotation-contract';
import { LifecycleStatus } from './search-attributes';
import { spkContractSignal, spkWorkflowId } from './spk-contract';

const activities = proxyActivities<ReturnType<typeof createPksActivities>>({ startToCloseTimeout: '30 seconds', retry: { maximumInterval: '30 seconds' } });
const mail = proxyActivities<ReturnType<typeof createPksActivities>>({ startToCloseTimeout: '1 minute', retry: { initialInterval: '10 seconds', maximumInterval: '10 minutes', maximumAttempts: 10 } });
const DAY_MS = 24 * 60 * 60 * 1000;

function refuse(rejection: Rejection | null): void {
  if (!rejection) return;
  throw ApplicationFailure.create({ type: REJECTION_TYPES[rejection.kind], message: rejection.message, details: rejection.field ? [{ field: rejection.field }] : [], nonRetryable: true });
}

const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const msOf = (date: string) => new Date(`${date}T00:00:00Z`).getTime();

export async function pksWorkflow(input: PksWorkflowInput): Promise<PksStatus> {
  const state: PksState & { missingChecklist: string[]; reminded: number[] } = {
    ...(input.state ?? { pksId: input.pksId, status: 'draft', version: 1 }),
    contractEnd: input.contractEnd,
    missingChecklist: (input.state as { missingChecklist?: string[] } | undefined)?.missingChecklist ?? [...REQUIRED_CHECKLIST],
    reminded: (input.state as { reminded?: number[] } | undefined)?.reminded ?? [],
  };
  const mutex = new Mutex();
  const outbox: PksNotice[] = [];
  const spkEvents: Array<'in_pks' | 'active'> = input.state ? [] : ['in_pks'];
  const apply = (record: PksRecord): PksRecord => {
    const changed = record.status !== state.status;
    state.status = record.status as PksStatus;
    state.version = record.version;
    if (changed) upsertSearchAttributes([{ key: LifecycleStatus, value: state.status }]);
    setCurrentDetails(`Status: ${state.status} · version ${state.version}${state.missingChecklist.length ? ` · checklist missing ${state.missingChecklist.length}` : ''}`);
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
    (c) => command(() => checkPksSubmit(state), async () => {
      state.authorUserId = c.userId;
      outbox.push({ pksId: state.pksId, event: 'submitted' });
      return apply(await activities.submitPks({ pksId: state.pksId, fromVersion: state.version, userId: c.userId }));
    }),
    { validator: (_c) => refuse(checkPksSubmit(state)) },
  );
  setHandler(
    decidePksUpdate,
    (c) => command(() => checkPksDecision(state, c), async () => {
      outbox.push({ pksId: state.pksId, event: c.decision === 'approve' ? 'approved' : 'rejected', note: c.note });
      return apply(await activities.decidePks({ pksId: state.pksId, fromVersion: state.version, userId: c.userId, decision: c.decision, note: c.note }));
    }),
    { validator: (c) => refuse(checkPksDecision(state, c)) },
  );
  setHandler(
    checklistPksUpdate,
    (c) => command(() => checkPksChecklist(state), async () => {
      const result = await activities.savePksChecklist({ pksId: state.pksId, fromVersion: state.version, userId: c.userId, checklist: c.checklist });
      state.missingChecklist = result.missingChecklist;
      apply(result.record);
      return result;
    }),
    { validator: (_c) => refuse(checkPksChecklist(state)) },
  );
  setHandler(
    uploadSignedPksUpdate,
    (c) => command(() => checkPksSigned(state), async () => {
      outbox.push({ pksId: state.pksId, event: 'signed' });
      return apply(await activities.recordSignedPks({ pksId: state.pksId, fromVersion: state.version, userId: c.userId, fileId: c.fileId }));
    }),
    { validator: (_c) => refuse(checkPksSigned(state)) },
  );
  setHandler(
    activatePksUpdate,
    (c) => command(() => checkPksActivate(state, c, state.missingChecklist), async () => {
      const record = apply(await activities.activatePks({ pksId: state.pksId, fromVersion: state.version, userId: c.userId }));
      outbox.push({ pksId: state.pksId, event: 'activated' });
      spkEvents.push('active');
      return record;
    }),
    { validator: (c) => refuse(checkPksActivate(state, c, state.missingChecklist)) },
  );

  setCurrentDetails(`Status: ${state.status} · version ${state.version}`);
  for (;;) {
    // Once active: the next renewal reminder, then the end of the contract.
    let wakeAt: number | undefined;
    let reminder: { daysBefore: number; date: string } | undefined;
    if (state.status === 'active') {
      reminder = reminderDates(input.contractEnd, input.reminderDaysBefore, dateOf(Date.now())).find((r) => !state.reminded.includes(r.daysBefore));
      wakeAt = reminder ? msOf(reminder.date) : msOf(input.contractEnd) + DAY_MS;
    }
    const woke = await condition(
      () => outbox.length > 0 || spkEvents.length > 0 || state.status === 'expired' || state.status === 'cancelled' || workflowInfo().continueAsNewSuggested,
      wakeAt !== undefined ? Math.max(0, wakeAt - Date.now()) : undefined,
    );
    if (spkEvents.length) {
      for (const status of spkEvents.splice(0)) {
        for (const spkId of input.spkIds) {
          await getExternalWorkflowHandle(spkWorkflowId(spkId)).signal(spkContractSignal, { status, pksNumber: input.number }).catch(() => undefined);
        }
      }
      continue;
    }
    if (outbox.length) {
      for (const notice of outbox.splice(0)) await mail.sendPksNotice(notice);
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
    if (state.status === 'expired' || state.status === 'cancelled' || workflowInfo().continueAsNewSuggested) break;
  }
  await condition(allHandlersFinished);
  if (state.status !== 'expired' && state.status !== 'cancelled') return await continueAsNew<typeof pksWorkflow>({ ...input, state });
  return state.status;
}
