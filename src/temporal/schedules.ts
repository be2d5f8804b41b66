// The Temporal Schedules the system relies on, created once per namespace (idempotently, by every API start) so
// ops see them in the Temporal UI: the monthly close of sales revenue.
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import type { Logger } from '../logger';
import { REVENUE_CLOSE_SCHEDULE_ID } from '../../workflows/revenue-close';

export async function ensureSchedules(client: Client, taskQueue: string, logger: Logger): Promise<void> {
  try {
    await client.schedule.create({
      scheduleId: REVENUE_CLOSE_SCHEDULE_ID,
      // 00:00 UTC on the 1st is 07:00 in Jakarta: the month being closed has ended there too.
      spec: { calendars: [{ dayOfMonth: 1, hour: 0, minute: 0 }] },
      action: { type: 'startWorkflow', workflowType: 'revenueCloseWorkflow', taskQueue, args: [{}] },
      policies: { overlap: ScheduleOverlapPolicy.SKIP },
    });
    logger.info({ scheduleId: REVENUE_CLOSE_SCHEDULE_ID }, 'schedule created');
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
}
