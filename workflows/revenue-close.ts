// Closes a month of sales revenue. Started by the monthly Schedule (no input: the month that just ended, in
// Jakarta time) or on demand for a given month; closing a month twice keeps the first snapshot.
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { createRevenueActivities } from '../activities/revenue';

const { closeRevenueMonth } = proxyActivities<ReturnType<typeof createRevenueActivities>>({
  startToCloseTimeout: '2 minutes',
});

export const REVENUE_CLOSE_SCHEDULE_ID = 'revenue-month-close';
export const revenueCloseWorkflowId = (month: string) => `revenue-close-${month}`;

// The calendar month before the one containing `nowMs`, in Jakarta time (UTC+7).
export function previousMonth(nowMs: number): string {
  const jakarta = new Date(nowMs + 7 * 60 * 60 * 1000);
  const year = jakarta.getUTCMonth() === 0 ? jakarta.getUTCFullYear() - 1 : jakarta.getUTCFullYear();
  const month = jakarta.getUTCMonth() === 0 ? 12 : jakarta.getUTCMonth();
  return `${year}-${String(month).padStart(2, '0')}`;
}

export async function revenueCloseWorkflow(input: { month?: string } = {}) {
  return closeRevenueMonth({ month: input.month ?? previousMonth(Date.now()), runId: workflowInfo().runId });
}
