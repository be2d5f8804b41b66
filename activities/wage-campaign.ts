// The wage campaign's steps, each idempotent: targets are recorded once, a batch prices only pending items, an
// addendum is drafted once per contract, and the campaign row follows the run's phase.
import type { Knex } from 'knex';
import type { PricingDefaults } from '../src/domain/quotation/pricing-input';
import {
  campaignCounts,
  contractsToAmend,
  draftAdjustmentAddendum,
  priceCampaignBatch,
  recordCampaignTargets,
} from '../src/db/wage-campaigns';
import type { QuotationRunOptions } from '../src/temporal/quotation-run-options';

export type CampaignStatus = 'priced' | 'drafting' | 'completed' | 'cancelled';

export function createWageCampaignActivities(deps: { knex: Knex; pricing: PricingDefaults }) {
  return {
    recordCampaignTargets: (input: { campaignId: number }) => recordCampaignTargets(deps.knex, input.campaignId),
    priceCampaignBatch: (input: { campaignId: number; limit: number }) =>
      priceCampaignBatch(deps.knex, input.campaignId, input.limit, deps.pricing),
    campaignCounts: (input: { campaignId: number }) => campaignCounts(deps.knex, input.campaignId),
    contractsToAmend: (input: { campaignId: number; limit: number }) =>
      contractsToAmend(deps.knex, input.campaignId, input.limit),
    draftAdjustmentAddendum: (input: { itemId: number; userId: number }): Promise<QuotationRunOptions> =>
      draftAdjustmentAddendum(deps.knex, input.itemId, input.userId, deps.pricing),
    async setCampaignStatus(input: { campaignId: number; status: CampaignStatus; userId?: number }): Promise<void> {
      const final = input.status === 'completed' || input.status === 'cancelled';
      await deps
        .knex('wage_campaigns')
        .where({ id: input.campaignId })
        .whereNotIn('status', ['completed', 'cancelled'])
        .update({
          status: input.status,
          ...(input.userId ? { addenda_requested_by: input.userId } : {}),
          ...(final ? { finished_at: deps.knex.fn.now() } : {}),
        });
    },
  };
}
