// What the API and the quotation workflow agree on: update/query names, inputs and the record returned.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { QuotationTotals } from '../src/db/quotation-pricing';
import type {
  CancelCommand,
  CloseLostCommand,
  CopySiteCommand,
  DecisionCommand,
  QuotationState,
  SaveStepCommand,
  SubmitCommand,
} from '../src/domain/quotation-lifecycle';

// The DB projection of a quotation as the API returns it.
export interface QuotationRecord {
  id: number;
  number: string;
  type: string;
  leadId: number;
  entityId: number;
  branchId: number | null;
  salesUserId: number;
  customerName: string;
  status: string;
  step: number;
  version: number;
  statusReason: string | null;
  contractKind: string | null;
  submission: number;
  pendingLevel: number | null;
  pendingRole: string | null;
  parentQuotationId: number | null;
  revision: number;
  supersededByQuotationId: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface QuotationWorkflowInput {
  quotationId: number;
  number: string;
  // Carried over by continue-as-new; on the first run, set for a copy that starts past step 0.
  state?: QuotationState;
  // A revision: the quotation it replaces once approved.
  supersedesQuotationId?: number;
}

// A save that priced the quotation answers its totals too, so the caller reads nothing again (absent when a retried
// activity found its work already done).
export type PricedQuotationRecord = QuotationRecord & { totals?: QuotationTotals };

export const saveStepUpdate = defineUpdate<PricedQuotationRecord, [SaveStepCommand]>('saveStep');
export const cancelUpdate = defineUpdate<QuotationRecord, [CancelCommand]>('cancel');
export const submitUpdate = defineUpdate<QuotationRecord, [SubmitCommand]>('submit');
export const decisionUpdate = defineUpdate<QuotationRecord, [DecisionCommand]>('decide');
export const closeLostUpdate = defineUpdate<QuotationRecord, [CloseLostCommand]>('closeLost');
export const copySiteUpdate = defineUpdate<PricedQuotationRecord, [CopySiteCommand]>('copySite');
export const supersedeSignal = defineSignal<[{ quotationId: number; number: string }]>('supersede');
// From the SPK made from the quotation's sites, or from the renewal / addendum PKS it priced directly.
export const convertedSignal = defineSignal<[{ spkId?: number; pksId?: number; number: string }]>('convertedToSpk');
export const stateQuery = defineQuery<QuotationState>('state');

export function quotationWorkflowId(quotationId: number): string {
  return `quotation-${quotationId}`;
}

// ApplicationFailure types a rejected command carries back to the API.
export const REJECTION_TYPES = {
  conflict: 'CommandConflict',
  invalid: 'CommandInvalid',
  forbidden: 'CommandForbidden',
} as const;
