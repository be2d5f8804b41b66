// The record of a notice a run handed to a delivery run: attempts and last error while it retries, then its end.
import type { Knex } from 'knex';

export interface DeliveryRecord {
  workflowId: string;
  channel: string;
  notice: unknown;
  status: 'retrying' | 'delivered' | 'failed';
  attempts: number;
  lastError: string | null;
}

export function createNoticeDeliveryActivities(deps: { knex: Knex }) {
  return {
    // Idempotent: an upsert on the delivery run's id; attempts never go back.
    async recordNoticeDelivery(record: DeliveryRecord): Promise<void> {
      await deps
        .knex('notice_deliveries')
        .insert({
          workflow_id: record.workflowId,
          channel: record.channel,
          notice: JSON.stringify(record.notice),
          status: record.status,
          attempts: record.attempts,
          last_error: record.lastError,
        })
        .onConflict('workflow_id')
        .merge({
          status: record.status,
          attempts: deps.knex.raw('greatest(notice_deliveries.attempts, excluded.attempts)'),
          last_error: record.lastError,
          updated_at: deps.knex.fn.now(),
        });
    },
  };
}
