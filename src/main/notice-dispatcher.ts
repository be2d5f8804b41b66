// Sends the notices business runs queued (notice_outbox) from every worker process: claims due rows (a lease, so two
// workers never send one notice at once), sends each through its channel, and settles it. A failed notice waits
// (src/domain/notice-retry.ts); failures are logged once a minute with a count, not once per attempt.
//
// Once per notice: the row is marked sent right after the SMTP server accepted the mail. A worker killed in between
// (a window of one database write) leaves the row leased; after the lease the notice is sent again, with the same
// Message-ID, which mail clients show as one message. The in-app part is marked done on its own, so it is never
// repeated.
import { ApplicationFailure } from '@temporalio/common';
import type { ActivityDeps } from '../../activities';
import { createComplaintActivities } from '../../activities/complaints';
import { createPksActivities } from '../../activities/pks';
import { createApprovalActivities } from '../../activities/quotation-approvals';
import { createSpkActivities } from '../../activities/spk';
import type { NoticeDelivery } from '../../workflows/notice-delivery';
import { claimDueNotices, markFailed, markNotified, markSent, type QueuedNotice } from '../db/notice-outbox';
import { retryDelaySeconds } from '../domain/notice-retry';
import type { Logger } from '../logger';
import type { NoticeSending } from '../mail/system-mailer';

const POLL_MS = 1_000;
const LEASE_SECONDS = 120;
const BATCH = 20;
const FAILURE_LOG_MS = 60_000;

function senders(deps: ActivityDeps) {
  const approvals = createApprovalActivities(deps);
  const spk = createSpkActivities(deps);
  const pks = createPksActivities(deps);
  const complaints = createComplaintActivities(deps);
  return (delivery: NoticeDelivery, sending: NoticeSending): Promise<void> => {
    switch (delivery.channel) {
      case 'quotation':
        return approvals.sendApprovalNotice(delivery.notice, sending);
      case 'spk':
        return spk.sendSpkNotice(delivery.notice, sending);
      case 'pks':
        return pks.sendPksNotice(delivery.notice, sending);
      case 'complaint':
        return complaints.sendComplaintNotice(delivery.notice, sending);
    }
  };
}

export function startNoticeDispatcher(deps: ActivityDeps, logger: Logger): () => Promise<void> {
  const send = senders(deps);
  const failures = { count: 0, lastError: '', since: 0 };
  const logFailures = (force = false) => {
    if (failures.count === 0 || (!force && Date.now() - failures.since < FAILURE_LOG_MS)) return;
    logger.warn({ failures: failures.count, lastError: failures.lastError }, 'notices not sent; they will be retried');
    Object.assign(failures, { count: 0, since: Date.now() });
  };

  const deliver = async (row: QueuedNotice) => {
    const sending: NoticeSending = {
      messageId: `<notice-${row.id}@cais>`,
      notified: row.notifiedAt !== null,
      markNotified: () => markNotified(deps.knex, row.id),
    };
    try {
      await send({ channel: row.channel, notice: row.notice } as NoticeDelivery, sending);
      await markSent(deps.knex, row.id);
    } catch (error) {
      const message = (error as Error).message;
      const final = error instanceof ApplicationFailure && error.nonRetryable;
      await markFailed(deps.knex, row.id, message, final ? null : retryDelaySeconds(row.attempts + 1));
      if (final) logger.error({ noticeId: row.id, err: error }, 'notice given up: it cannot be delivered');
      failures.count += 1;
      failures.lastError = message;
      logFailures();
    }
  };

  let stopping = false;
  let wake: () => void = () => {};
  const loop = (async () => {
    failures.since = Date.now();
    while (!stopping) {
      try {
        const due = await claimDueNotices(deps.knex, BATCH, LEASE_SECONDS);
        for (const row of due) await deliver(row);
        if (due.length === BATCH) continue;
      } catch (error) {
        // The database is down: /ready says so; try again on the next tick.
        logger.debug({ err: error }, 'notice outbox not read');
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, POLL_MS).unref();
      });
    }
  })();
  return async () => {
    stopping = true;
    wake();
    await loop;
    logFailures(true);
  };
}
