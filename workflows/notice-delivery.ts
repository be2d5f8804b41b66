// A notice (e-mail) a business run could not send is handed to a run of its own, so the business run never fails or
// waits because mail is down: this run retries on a growing schedule (5 minutes doubling, at most 6 hours apart),
// records each failure for ops, and ends when the mail is sent or refused for good (a non-retryable failure).
import {
  ActivityFailure,
  ApplicationFailure,
  ParentClosePolicy,
  continueAsNew,
  proxyActivities,
  setCurrentDetails,
  sleep,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import type { ComplaintNotice, createComplaintActivities } from '../activities/complaints';
import type { createNoticeDeliveryActivities } from '../activities/notice-deliveries';
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

// Sends a notice from a business run; if the mail activity gives up, the notice goes to a delivery run of its own and
// the business run carries on. Only a failed activity is handed off: anything else is a bug and fails the task.
export async function sendOrHandOff(delivery: NoticeDelivery, sendNow: () => Promise<void>): Promise<void> {
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
