// The Temporal Schedules the system relies on, created once per namespace (idempotently, by every API start) so
// ops see them in the Temporal UI: the monthly close of sales revenue and the daily check of overdue deliveries.
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client, type ScheduleOptions } from '@temporalio/client';
import type { Logger } from '../logger';
import { FULFILMENT_OVERDUE_SCHEDULE_ID } from '../../workflows/fulfilment-overdue';
import { REVENUE_CLOSE_SCHEDULE_ID } from '../../workflows/revenue-close';

function schedules(taskQueue: string): ScheduleOptions[] {
  return [
    {
      scheduleId: REVENUE_CLOSE_SCHEDULE_ID,
      // 00:00 UTC on the 1st is 07:00 in Jakarta: the month being closed has ended there too.
      spec: { calendars: [{ dayOfMonth: 1, hour: 0, minute: 0 }] },
      action: { type: 'startWorkflow', workflowType: 'revenueCloseWorkflow', taskQueue, args: [{}] },
      policies: { overlap: ScheduleOverlapPolicy.SKIP },
    },
    {
      scheduleId: FULFILMENT_OVERDUE_SCHEDULE_ID,
      // 07:00 in Jakarta, before the working day starts.
      spec: { calendars: [{ hour: 0, minute: 0 }] },
      action: { type: 'startWorkflow', workflowType: 'fulfilmentOverdueWorkflow', taskQueue, args: [{}] },
      policies: { overlap: ScheduleOverlapPolicy.SKIP },
    },
  ];
}

export async function ensureSchedules(client: Client, taskQueue: string, logger: Logger): Promise<void> {
  for (const options of schedules(taskQueue)) {
    try {
      await client.schedule.create(options);
      logger.info({ scheduleId: options.scheduleId }, 'schedule created');
    } catch (error) {
      if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    }
  }
}
