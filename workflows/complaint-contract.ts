// What the API and the complaint workflow agree on: the update, the record returned, the run id.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ComplaintState } from '../src/domain/complaint';

export interface ComplaintRecord {
  id: number;
  pksId: number;
  title: string;
  type: string;
  status: string;
  escalations: number;
  slaDueAt: string;
  resolution: string | null;
  resolvedAt: string | null;
  version: number;
}

export interface ComplaintWorkflowInput {
  complaintId: number;
  slaHours: number;
  state?: ComplaintState;
}

export const resolveComplaintUpdate = defineUpdate<
  ComplaintRecord,
  [{ userId: number; roleCode: string; resolution: string }]
>('resolve');
export const complaintStateQuery = defineQuery<ComplaintState>('state');
export const complaintWorkflowId = (complaintId: number) => `complaint-${complaintId}`;
