// One run per SPK: tells its quotations they are converted, takes the signed copy, site removals and
// cancellation as Updates (validators check state), and ends when cancelled (a PKS continues it later).
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
import type { createSpkActivities } from '../activities/spk';
import { checkSpkChange, type SpkState, type SpkStatus } from '../src/domain/spk';
import { convertedSignal, quotationWorkflowId } from './quotation-contract';
import { sendOrHandOff } from './notice-delivery';
import { signalOrRecord } from './signal-or-record';
import { LifecycleStatus } from './search-attributes';
import {
  cancelSpkUpdate,
  removeSpkSiteUpdate,
  resubmitSpkSitesUpdate,
  spkContractSignal,
  spkStateQuery,
  uploadSignedSpkUpdate,
  type SpkContractEvent,
  type SpkRecord,
  type SpkWorkflowInput,
} from './spk-contract';

const activities = proxyActivities<ReturnType<typeof createSpkActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '30 seconds' },
});
const mail = proxyActivities<ReturnType<typeof createSpkActivities>>({
  startToCloseTimeout: '1 minute',
  // A few quick attempts, then the notice is handed to its own delivery run (sendOrHandOff).
  retry: { initialInterval: '10 seconds', maximumInterval: '1 minute', maximumAttempts: 3 },
});

function refuseUnless(state: SpkState, what: string): void {
  const rejection = checkSpkChange(state, what);
  if (rejection)
    throw ApplicationFailure.create({ type: 'CommandConflict', message: rejection.message, nonRetryable: true });
}

export async function spkWorkflow(input: SpkWorkflowInput): Promise<SpkStatus> {
  const state: SpkState = input.state ?? { spkId: input.spkId, status: 'draft', version: 1 };
  const mutex = new Mutex();
  const outbox: Array<{ spkId: number; event: 'signed' }> = [];
  const apply = (record: SpkRecord): SpkRecord => {
    const changed = record.status !== state.status;
    state.status = record.status as SpkStatus;
    state.version = record.version;
    if (changed) upsertSearchAttributes([{ key: LifecycleStatus, value: state.status }]);
    setCurrentDetails(`Status: ${state.status} · version ${state.version}`);
    return record;
  };

  setHandler(spkStateQuery, () => state);
  setHandler(
    uploadSignedSpkUpdate,
    (command) =>
      mutex.runExclusive(async () => {
        refuseUnless(state, 'be signed');
        const record = apply(
          await activities.recordSignedSpk({ spkId: state.spkId, fromVersion: state.version, ...command }),
        );
        outbox.push({ spkId: state.spkId, event: 'signed' });
        return record;
      }),
    { validator: (_command) => refuseUnless(state, 'be signed') },
  );
  setHandler(
    removeSpkSiteUpdate,
    (command) =>
      mutex.runExclusive(async () => {
        refuseUnless(state, 'lose a site');
        return apply(await activities.removeSpkSite({ spkId: state.spkId, fromVersion: state.version, ...command }));
      }),
    { validator: (_command) => refuseUnless(state, 'lose a site') },
  );
  setHandler(
    resubmitSpkSitesUpdate,
    (command) =>
      mutex.runExclusive(async () => {
        refuseUnless(state, 'send sites back to a quotation');
        return apply(await activities.resubmitSpkSites({ spkId: state.spkId, fromVersion: state.version, ...command }));
      }),
    { validator: (_command) => refuseUnless(state, 'send sites back to a quotation') },
  );
  setHandler(
    cancelSpkUpdate,
    (command) =>
      mutex.runExclusive(async () => {
        refuseUnless(state, 'be cancelled');
        return apply(await activities.cancelSpk({ spkId: state.spkId, fromVersion: state.version, ...command }));
      }),
    { validator: (_command) => refuseUnless(state, 'be cancelled') },
  );

  const contract: Array<{ status: SpkContractEvent; pksNumber: string }> = [];
  setHandler(spkContractSignal, (event) => {
    contract.push(event);
  });

  if (!input.state) {
    for (const quotationId of input.quotationIds) {
      await signalOrRecord(quotationWorkflowId(quotationId), convertedSignal, {
        spkId: input.spkId,
        number: input.number,
      });
    }
  }
  setCurrentDetails(`Status: ${state.status} · version ${state.version}`);
  for (;;) {
    await condition(
      () =>
        outbox.length > 0 ||
        contract.length > 0 ||
        state.status === 'cancelled' ||
        workflowInfo().continueAsNewSuggested,
    );
    if (contract.length) {
      for (const event of contract.splice(0)) {
        await mutex.runExclusive(async () => {
          if (state.status !== 'cancelled')
            apply(await activities.recordSpkContract({ spkId: state.spkId, fromVersion: state.version, ...event }));
        });
      }
      continue;
    }
    if (outbox.length) {
      for (const notice of outbox.splice(0))
        await sendOrHandOff({ channel: 'spk', notice }, () => mail.sendSpkNotice(notice));
      continue;
    }
    break;
  }
  await condition(allHandlersFinished);
  if (state.status !== 'cancelled') return await continueAsNew<typeof spkWorkflow>({ ...input, state });
  return state.status;
}
