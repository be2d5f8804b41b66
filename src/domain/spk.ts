// SPK (work order) rules: numbering (domain/contracts.md §3, LATER format) and which commands each state accepts.
import type { Rejection } from './quotation-lifecycle';

export const SPK_STATUSES = ['draft', 'signed', 'in_pks', 'active', 'cancelled'] as const;
export type SpkStatus = (typeof SPK_STATUSES)[number];

export interface SpkState {
  spkId: number;
  status: SpkStatus;
  version: number;
}

// SPK/<entity code>/<lead code>-<YYYYMMDD>-<5 digits>; the sequence counts per prefix.
export function spkSequenceKey(entityCode: string, leadCode: string, date: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`date must be YYYY-MM-DD, got ${date}`);
  return `SPK/${entityCode}/${leadCode}-${date.replace(/-/g, '')}`;
}

export function formatSpkNumber(prefix: string, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 99999)
    throw new RangeError(`sequence must be 1..99999, got ${sequence}`);
  return `${prefix}-${String(sequence).padStart(5, '0')}`;
}

// Until a PKS is made from it, an SPK may be signed (again), lose sites, or be cancelled.
export function checkSpkChange(state: SpkState, what: string): Rejection | null {
  if (state.status === 'draft' || state.status === 'signed') return null;
  return { kind: 'conflict', message: `SPK is ${state.status}; it cannot ${what}` };
}
