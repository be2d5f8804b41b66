// One run per complaint: open until resolved (an Update whose validator checks state and role); each time the SLA
// passes while it is open, the complaint is escalated to CRM management and the contract's salesperson.
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
import type { ComplaintNotice, createComplaintActivities } from '../activities/complaints';
import { checkResolveComplaint, type ComplaintState } from '../src/domain/complaint';
import type { Rejection } from '../src/domain/quotation-lifecycle';
import { complaintStateQuery, resolveComplaintUpdate, type ComplaintWorkflowInput } from './complaint-contract';
import { REJECTION_TYPES } from './quotation-contract';
import { sendOrHandOff } from './notice-delivery';
import { LifecycleStatus } from './search-attributes';

const activities = proxyActivities<ReturnType<typeof createComplaintActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '30 seconds' },
});
const mail = proxyActivities<ReturnType<typeof createComplaintActivities>>({
  startToCloseTimeout: '1 minute',
  // A few quick attempts, then the notice is handed to its own delivery run (sendOrHandOff).
  retry: { initialInterval: '10 seconds', maximumInterval: '1 minute', maximumAttempts: 3 },
});
const HOUR_MS = 60 * 60 * 1000;

function refuse(rejection: Rejection | null): void {
  if (rejection)
    throw ApplicationFailure.create({
      type: REJECTION_TYPES[rejection.kind],
      message: rejection.message,
      nonRetryable: true,
    });
}

export async function complaintWorkflow(input: ComplaintWorkflowInput): Promise<string> {
  const state: ComplaintState = input.state ?? {
    complaintId: input.complaintId,
    status: 'open',
    version: 1,
    escalations: 0,
  };
  const mutex = new Mutex();
  let resolvedNotice = false;
  const describe = () =>
    setCurrentDetails(`Status: ${state.status}${state.escalations ? ` · escalated ${state.escalations}×` : ''}`);

  setHandler(complaintStateQuery, () => state);
  setHandler(
    resolveComplaintUpdate,
    (c) =>
      mutex.runExclusive(async () => {
        refuse(checkResolveComplaint(state, c));
        const record = await activities.resolveComplaint({
          complaintId: state.complaintId,
          fromVersion: state.version,
          userId: c.userId,
          resolution: c.resolution,
        });
        state.status = 'resolved';
        state.version = record.version;
        upsertSearchAttributes([{ key: LifecycleStatus, value: 'resolved' }]);
        resolvedNotice = true;
        describe();
        return record;
      }),
    { validator: (c) => refuse(checkResolveComplaint(state, c)) },
  );

  describe();
  while (state.status === 'open' && !workflowInfo().continueAsNewSuggested) {
    // Woken by the resolution, else the SLA has passed once more.
    if (
      await condition(() => state.status !== 'open' || workflowInfo().continueAsNewSuggested, input.slaHours * HOUR_MS)
    )
      continue;
    await mutex.runExclusive(async () => {
      if (state.status !== 'open') return;
      state.escalations += 1;
      await activities.recordComplaintEscalation({ complaintId: state.complaintId, escalation: state.escalations });
      describe();
    });
    const notice: ComplaintNotice = {
      complaintId: state.complaintId,
      event: 'escalated',
      escalation: state.escalations,
    };
    await sendOrHandOff({ channel: 'complaint', notice }, () => mail.sendComplaintNotice(notice));
  }
  await condition(allHandlersFinished);
  if (state.status === 'open') return await continueAsNew<typeof complaintWorkflow>({ ...input, state });
  if (resolvedNotice) {
    const notice: ComplaintNotice = { complaintId: state.complaintId, event: 'resolved' };
    await sendOrHandOff({ channel: 'complaint', notice }, () => mail.sendComplaintNotice(notice));
  }
  return state.status;
}
