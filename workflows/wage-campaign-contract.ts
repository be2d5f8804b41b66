// What the API and a wage campaign's run agree on: its id, input, signals and progress query.
import { defineQuery, defineSignal } from '@temporalio/workflow';

export type CampaignPhase = 'finding' | 'pricing' | 'priced' | 'drafting';

export interface CampaignProgress {
  phase: CampaignPhase;
  targets: number;
  priced: number;
  unpriceable: number;
  drafted: number;
}

export interface WageCampaignInput {
  campaignId: number;
  validFrom: string;
  // Carried over continue-as-new.
  progress?: CampaignProgress;
  addendaRequestedBy?: number | null;
}

// Draft the addendum quotations (by the user named); or close the campaign with the impact report only.
export const requestAddendaSignal = defineSignal<[{ userId: number }]>('requestAddenda');
export const closeCampaignSignal = defineSignal('close');
export const campaignProgressQuery = defineQuery<CampaignProgress>('progress');

export const wageCampaignWorkflowId = (campaignId: number) => `wage-campaign-${campaignId}`;
