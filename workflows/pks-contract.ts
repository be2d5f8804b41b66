// What the API and the PKS workflow agree on: update/query names, inputs and the record returned.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Checklist, PksState } from '../src/domain/pks';

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
}

export interface PksWorkflowInput {
  pksId: number;
  number: string;
  spkIds: number[];
  contractEnd: string;
  reminderDaysBefore: number[];
  state?: PksState;
}

export interface PksCommandResult {
  record: PksRecord;
  missingChecklist: string[];
}

export const submitPksUpdate = defineUpdate<PksRecord, [{ userId: number }]>('submit');
export const decidePksUpdate = defineUpdate<PksRecord, [{ userId: number; roleCode: string; decision: 'approve' | 'reject'; note?: string }]>('decide');
export const checklistPksUpdate = defineUpdate<PksCommandResult, [{ userId: number; checklist: Checklist }]>('checklist');
export const uploadSignedPksUpdate = defineUpdate<PksRecord, [{ userId: number; fileId: number }]>('uploadSigned');
export const activatePksUpdate = defineUpdate<PksRecord, [{ userId: number; roleCode: string }]>('activate');
export const pksStateQuery = defineQuery<PksState & { missingChecklist: string[] }>('state');

export const pksWorkflowId = (pksId: number) => `pks-${pksId}`;
