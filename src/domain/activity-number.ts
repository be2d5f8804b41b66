// Customer-activity numbers: CAT/<service code or NN>/<lead code>-<MMYYYY>-<5-digit sequence> (contracts.md §3).
// The sequence counts per prefix (service, lead and month).
import { monthYear } from './quotation-number';

export function activitySequenceKey(serviceCode: string | null, leadCode: string, year: number, month: number): string {
  return `CAT/${serviceCode ?? 'NN'}/${leadCode}-${monthYear(year, month)}`;
}

export function formatActivityNumber(prefix: string, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 99999)
    throw new RangeError(`sequence must be 1..99999, got ${sequence}`);
  return `${prefix}-${String(sequence).padStart(5, '0')}`;
}
