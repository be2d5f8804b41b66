// One run per e-mail sent from a customer activity: delivery through the sender's SMTP with retries, so a
// server that is briefly down delays the mail instead of losing it; a final failure is recorded, visibly.
import { ActivityFailure, ApplicationFailure, proxyActivities, setCurrentDetails } from '@temporalio/workflow';
import type { createMailActivities } from '../activities/mail';

export const EMAIL_NON_RETRYABLE = ['EmailRejected', 'EmailNotFound'];

const { deliverEmail } = proxyActivities<ReturnType<typeof createMailActivities>>({
  startToCloseTimeout: '2 minutes',
  retry: {
    initialInterval: '10 seconds',
    backoffCoefficient: 2,
    maximumInterval: '10 minutes',
    maximumAttempts: 8,
    nonRetryableErrorTypes: EMAIL_NON_RETRYABLE,
  },
});
const { markEmailFailed } = proxyActivities<ReturnType<typeof createMailActivities>>({
  startToCloseTimeout: '30 seconds',
});

export const customerEmailWorkflowId = (messageId: number) => `customer-email-${messageId}`;

export async function customerEmailWorkflow(input: { messageId: number }): Promise<string> {
  setCurrentDetails('Delivering');
  try {
    const status = await deliverEmail(input.messageId);
    setCurrentDetails(`Delivered: ${status}`);
    return status;
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    const cause =
      error.cause instanceof ApplicationFailure || error.cause instanceof Error
        ? error.cause.message
        : String(error.cause);
    await markEmailFailed(input.messageId, cause);
    setCurrentDetails(`Failed: ${cause}`);
    return 'failed';
  }
}
