// The daily check of contracts whose items are not all delivered when due (contracts.md §12 NEW): started by the
// `fulfilment-overdue-daily` Schedule (no input: today in Jakarta) or for a given day; each overdue contract's
// officers and CRM management are notified, at most once a week per contract.
import { proxyActivities } from '@temporalio/workflow';
import type { createFulfilmentActivities } from '../activities/fulfilment';
import type { createPksActivities } from '../activities/pks';
import { jakartaDate } from '../src/domain/jakarta-time';

const { findOverdueFulfilment, recordFulfilmentReminder } = proxyActivities<
  ReturnType<typeof createFulfilmentActivities>
>({ startToCloseTimeout: '1 minute' });
const { sendPksNotice } = proxyActivities<ReturnType<typeof createPksActivities>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '10 seconds', maximumInterval: '10 minutes', maximumAttempts: 10 },
});

export const FULFILMENT_OVERDUE_SCHEDULE_ID = 'fulfilment-overdue-daily';

export async function fulfilmentOverdueWorkflow(
  input: { today?: string } = {},
): Promise<{ today: string; reminded: number[] }> {
  const today = input.today ?? jakartaDate(new Date());
  const overdue = await findOverdueFulfilment({ today });
  const reminded: number[] = [];
  for (const contract of overdue) {
    try {
      await sendPksNotice({
        pksId: contract.pksId,
        event: 'fulfilment_overdue',
        openLines: contract.openLines,
        dueDate: contract.dueDate,
      });
    } catch {
      continue; // not recorded, so tomorrow's check tries this contract again; the others still hear today
    }
    await recordFulfilmentReminder({ ...contract, today });
    reminded.push(contract.pksId);
  }
  return { today, reminded };
}
