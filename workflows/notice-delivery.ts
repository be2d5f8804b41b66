// A business run's notice (e-mail and in-app): runs from the `notices-queued` patch on write it to the outbox and go on
// at once; the worker's dispatcher sends it (src/main/notice-dispatcher.ts). Runs started before replay their old way:
// send inline, and when that gives up hand the notice to a delivery run of its own, which retries on a growing
// schedule (5 minutes doubling, at most 6 hours apart), records each failure, and ends when the mail is sent or refused
// for good (a non-retryable failure).
import {
  ActivityFailure,
  ApplicationFailure,
  ParentClosePolicy,
  continueAsNew,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  sleep,
  startChild,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { ComplaintNotice, createComplaintActivities } from '../activities/complaints';
import type { createNoticeDeliveryActivities } from '../activities/notice-deliveries';
import type { createNoticeOutboxActivities } from '../activities/notice-outbox';
import type { createPksActivities, PksNotice } from '../activities/pks';
import type { createApprovalActivities, Notice } from '../activities/quotation-approvals';
import type { createSpkActivities } from '../activities/spk';

export type NoticeDelivery =
  | { channel: 'quotation'; notice: Notice }
  | { channel: 'spk'; notice: { spkId: number; event: 'signed' } }
  | { channel: 'pks'; notice: PksNotice }
  | { channel: 'complaint'; notice: ComplaintNotice };

type Senders = ReturnType<typeof createApprovalActivities> &
  ReturnType<typeof createSpkActivities> &
  ReturnType<typeof createPksActivities> &
  ReturnType<typeof createComplaintActivities>;

const mail = proxyActivities<Senders>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '30 seconds', maximumInterval: '2 minutes', maximumAttempts: 3 },
});
const { recordNoticeDelivery } = proxyActivities<ReturnType<typeof createNoticeDeliveryActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '1 minute' },
});

// A database write: it waits out a database outage like every other step of the run, never a mail outage.
const outbox = proxyLocalActivities<ReturnType<typeof createNoticeOutboxActivities>>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumInterval: '10 seconds' },
});

const MINUTE = 60_000;
const MAX_PAUSE = 6 * 60 * MINUTE;

function send(delivery: NoticeDelivery): Promise<void> {
  switch (delivery.channel) {
    case 'quotation':
      return mail.sendApprovalNotice(delivery.notice);
    case 'spk':
      return mail.sendSpkNotice(delivery.notice);
    case 'pks':
      return mail.sendPksNotice(delivery.notice);
    case 'complaint':
      return mail.sendComplaintNotice(delivery.notice);
  }
}

const causeOf = (failure: ActivityFailure) => failure.cause ?? failure;

export async function noticeDeliveryWorkflow(delivery: NoticeDelivery, failedRounds = 0): Promise<void> {
  const { workflowId } = workflowInfo();
  const record = (status: 'retrying' | 'delivered' | 'failed', attempts: number, lastError: string | null) =>
    recordNoticeDelivery({
      workflowId,
      channel: delivery.channel,
      notice: delivery.notice,
      status,
      attempts,
      lastError,
    });
  for (let round = failedRounds; ; round++) {
    try {
      await send(delivery);
      await record('delivered', round + 1, null);
      setCurrentDetails(`Delivered after ${round + 1} round(s)`);
      return;
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      const cause = causeOf(error);
      if (cause instanceof ApplicationFailure && cause.nonRetryable) {
        await record('failed', round + 1, cause.message);
        setCurrentDetails(`Not deliverable: ${cause.message}`);
        return;
      }
      await record('retrying', round + 1, cause.message);
      setCurrentDetails(`Delivery failing since round 1 (round ${round + 1}): ${cause.message}`);
      await sleep(Math.min(MAX_PAUSE, 5 * MINUTE * 2 ** Math.min(round, 10)));
      if (workflowInfo().continueAsNewSuggested)
        await continueAsNew<typeof noticeDeliveryWorkflow>(delivery, round + 1);
    }
  }
}

// Hands a notice over from a business run (queued, from the `notices-queued` patch on). Before it: sent inline, and if
// the mail activity gave up, handed to a delivery run of its own. Only a failed activity is handed off: anything else
// is a bug and fails the task.
export async function sendOrHandOff(delivery: NoticeDelivery, sendNow: () => Promise<void>): Promise<void> {
  if (patched('notices-queued')) {
    // The key is the run's own and replays the same, so a retried hand-over queues the notice once.
    await outbox.queueNotice({ key: `${workflowInfo().workflowId}-${uuid4()}`, ...delivery });
    return;
  }
  try {
    await sendNow();
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    const { workflowId, runId } = workflowInfo();
    await startChild(noticeDeliveryWorkflow, {
      workflowId: `${workflowId}-notice-${runId.slice(0, 8)}-${error.activityId ?? '0'}`,
      args: [delivery],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      staticSummary: `Delivery of a ${delivery.channel} notice from ${workflowId}`,
    });
  }
}
