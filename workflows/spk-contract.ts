// What the API and the SPK workflow agree on: update/query names, inputs and the record returned.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { SpkState } from '../src/domain/spk';

export interface SpkRecord {
  id: number;
  number: string;
  leadId: number;
  entityId: number;
  spkDate: string;
  customerName: string;
  salesUserId: number | null;
  branchId: number | null;
  status: string;
  statusReason: string | null;
  version: number;
  signedFileId: number | null;
}

export interface SpkWorkflowInput {
  spkId: number;
  number: string;
  quotationIds: number[];
  state?: SpkState;
}

export const uploadSignedSpkUpdate = defineUpdate<SpkRecord, [{ fileId: number; userId: number }]>('uploadSigned');
export const removeSpkSiteUpdate = defineUpdate<SpkRecord, [{ siteId: number; userId: number }]>('removeSite');
// "Ajukan ulang" (contracts.md §4.7): the sites go back to the revisions named, which price them again.
export const resubmitSpkSitesUpdate = defineUpdate<
  SpkRecord,
  [{ siteIds: number[]; reason: string; revisionNumbers: string[]; userId: number }]
>('resubmitSites');
export const cancelSpkUpdate = defineUpdate<SpkRecord, [{ reason: string; userId: number }]>('cancel');
export const spkStateQuery = defineQuery<SpkState>('state');
// From the PKS made of this SPK's sites: the SPK is in a contract, then the contract is active — or the contract was
// cancelled and the SPK's sites are free again ('released').
export type SpkContractEvent = 'in_pks' | 'active' | 'released';
export const spkContractSignal = defineSignal<[{ status: SpkContractEvent; pksNumber: string }]>('contract');

export const spkWorkflowId = (spkId: number) => `spk-${spkId}`;
