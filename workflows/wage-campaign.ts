// One run per wage campaign (issue 16), visible in the Temporal UI with its progress: find the contracts and open
// quotations the decree reaches, price them again in batches, then wait — for a request to draft the addendum
// quotations (in batches, each contract's addendum and its run made together) or to close with the report only.
// Cancelling stops between steps: an addendum is either whole (quotation, link and run) or not begun.
import {
  ActivityCancellationType,
  CancellationScope,
  condition,
  continueAsNew,
  isCancellation,
  ParentClosePolicy,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import type { createWageCampaignActivities } from '../activities/wage-campaign';
import type { quotationWorkflow } from './quotation';
import {
  campaignProgressQuery,
  closeCampaignSignal,
  requestAddendaSignal,
  type CampaignProgress,
  type WageCampaignInput,
} from './wage-campaign-contract';

const activities = proxyActivities<ReturnType<typeof createWageCampaignActivities>>({
  startToCloseTimeout: '5 minutes',
  retry: { maximumInterval: '30 seconds' },
  // A batch under way finishes (its transaction is whole) before a cancellation is taken.
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
});

const PRICE_BATCH = 25;
const DRAFT_BATCH = 10;

export async function wageCampaignWorkflow(input: WageCampaignInput): Promise<string> {
  const { campaignId } = input;
  const progress: CampaignProgress = input.progress ?? {
    phase: 'finding',
    targets: 0,
    priced: 0,
    unpriceable: 0,
    drafted: 0,
  };
  let addendaRequestedBy = input.addendaRequestedBy ?? null;
  let closeRequested = false;
  setHandler(campaignProgressQuery, () => progress);
  setHandler(requestAddendaSignal, ({ userId }) => {
    addendaRequestedBy ??= userId;
  });
  setHandler(closeCampaignSignal, () => {
    closeRequested = true;
  });
  const show = () =>
    setCurrentDetails(
      `UMP/UMK ${input.validFrom} · ${progress.phase} · ${progress.priced + progress.unpriceable}/${progress.targets} priced · ${progress.drafted} addenda`,
    );
  const carryOn = () => continueAsNew<typeof wageCampaignWorkflow>({ ...input, progress, addendaRequestedBy });

  try {
    if (progress.phase === 'finding') {
      progress.targets = await activities.recordCampaignTargets({ campaignId });
      progress.phase = 'pricing';
      show();
    }
    while (progress.phase === 'pricing') {
      const counts = await activities.priceCampaignBatch({ campaignId, limit: PRICE_BATCH });
      Object.assign(progress, { priced: counts.priced + counts.drafted, unpriceable: counts.unpriceable });
      if (counts.pending === 0) {
        await activities.setCampaignStatus({ campaignId, status: 'priced' });
        progress.phase = 'priced';
      }
      show();
      if (progress.phase === 'pricing' && workflowInfo().continueAsNewSuggested) return await carryOn();
    }
    if (progress.phase === 'priced') {
      await condition(() => addendaRequestedBy !== null || closeRequested);
      if (addendaRequestedBy === null) {
        await activities.setCampaignStatus({ campaignId, status: 'completed' });
        return 'completed without addenda';
      }
      await activities.setCampaignStatus({ campaignId, status: 'drafting', userId: addendaRequestedBy });
      progress.phase = 'drafting';
      show();
    }
    for (;;) {
      const itemIds = await activities.contractsToAmend({ campaignId, limit: DRAFT_BATCH });
      if (!itemIds.length) break;
      for (const itemId of itemIds) {
        await CancellationScope.nonCancellable(async () => {
          const run = await activities.draftAdjustmentAddendum({ itemId, userId: addendaRequestedBy! });
          // The quotation's own run, independent of this one (it waits for its approval long after).
          await startChild<typeof quotationWorkflow>('quotationWorkflow', {
            ...run,
            parentClosePolicy: ParentClosePolicy.ABANDON,
          });
        });
        progress.drafted += 1;
        show();
      }
      if (workflowInfo().continueAsNewSuggested) return await carryOn();
    }
    await activities.setCampaignStatus({ campaignId, status: 'completed' });
    return 'completed';
  } catch (error) {
    if (!isCancellation(error)) throw error;
    await CancellationScope.nonCancellable(() => activities.setCampaignStatus({ campaignId, status: 'cancelled' }));
    throw error;
  }
}
