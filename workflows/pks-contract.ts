// What the API and the PKS workflow agree on: update/query names, inputs and the record returned.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Checklist, PksState, PksType } from '../src/domain/pks';

export interface PksRecord {
  id: number;
  number: string;
  type: string;
  leadId: number;
  entityId: number;
  primaryQuotationId: number;
  pksDate: string;
  contractStart: string;
  contractEnd: string;
  customerName: string;
  salesUserId: number | null;
  branchId: number | null;
  status: string;
  statusReason: string | null;
  version: number;
  pendingRole: string | null;
  signedFileId: number | null;
  activatedAt: string | null;
  parentPksId: number | null;
  effectiveDate: string | null; // addendum
  terminatedOn: string | null;
  supersededByPksId: number | null;
}

export interface PksWorkflowInput {
  pksId: number;
  number: string;
  spkIds: number[];
  contractEnd: string;
  reminderDaysBefore: number[];
  // Renewals and addenda: the contract they continue, and the quotations that priced them (marked converted).
  type?: PksType;
  parentPksId?: number;
  quotationIds?: number[];
  state?: PksState;
}

export type ClauseChange =
  | { action: 'edit'; position: number; title: string; text: string }
  | { action: 'add'; section: string; title: string; text: string }
  | { action: 'delete'; position: number };

// A draft's dates and terms put right (issue 16); the API has checked them against the contract and its parent.
export interface PksCorrection {
  pksDate?: string;
  contractStart?: string;
  contractEnd?: string;
  effectiveDate?: string;
  salaryRuleId?: number;
  thrRuleId?: number;
  hcCategoryId?: number | null;
  loyaltyLevelId?: number | null;
}

export interface PksCommandResult {
  record: PksRecord;
  missingChecklist: string[];
}

export const submitPksUpdate = defineUpdate<PksRecord, [{ userId: number }]>('submit');
export const decidePksUpdate = defineUpdate<
  PksRecord,
  [{ userId: number; roleCode: string; decision: 'approve' | 'reject'; note?: string }]
>('decide');
export const checklistPksUpdate = defineUpdate<PksCommandResult, [{ userId: number; checklist: Checklist }]>(
  'checklist',
);
export const uploadSignedPksUpdate = defineUpdate<PksRecord, [{ userId: number; fileId: number }]>('uploadSigned');
export const activatePksUpdate = defineUpdate<PksRecord, [{ userId: number; roleCode: string }]>('activate');
export const terminatePksUpdate = defineUpdate<
  PksRecord,
  [{ userId: number; roleCode: string; effectiveDate: string; reason: string }]
>('terminate');
export const cancelPksUpdate = defineUpdate<PksRecord, [{ userId: number; reason: string }]>('cancel');
export const correctPksUpdate = defineUpdate<PksRecord, [{ userId: number; correction: PksCorrection }]>('correct');
export const clausePksUpdate = defineUpdate<PksRecord, [{ userId: number; change: ClauseChange }]>('changeClause');
// From a renewal's run when the renewal is activated: this contract ends at `lastDay` at the latest.
export const supersededPksSignal = defineSignal<[{ byPksId: number; number: string; lastDay: string }]>('superseded');
// From the contract an addendum amends, when that contract is terminated or replaced: the addendum ends with it.
export const parentEndedPksSignal = defineSignal<[{ reason: string; lastDay: string }]>('parentEnded');
export const pksStateQuery = defineQuery<PksState & { missingChecklist: string[] }>('state');

export const pksWorkflowId = (pksId: number) => `pks-${pksId}`;
