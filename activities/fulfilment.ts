// The daily check for contracts whose items are overdue: which ones to remind, and the record of a reminder sent.
import type { Knex } from 'knex';
import { overdueFulfilment, type OverdueFulfilment } from '../src/db/fulfilment';

export function createFulfilmentActivities(deps: { knex: Knex; fulfilmentDueDays: number }) {
  return {
    findOverdueFulfilment(input: { today: string }): Promise<OverdueFulfilment[]> {
      return overdueFulfilment(deps.knex, input.today, deps.fulfilmentDueDays);
    },

    async recordFulfilmentReminder(input: OverdueFulfilment & { today: string }): Promise<void> {
      await deps
        .knex('pks_fulfilment_reminders')
        .insert({ pks_id: input.pksId, reminded_on: input.today, due_date: input.dueDate, open_lines: input.openLines })
        .onConflict(['pks_id', 'reminded_on'])
        .ignore();
    },
  };
}
