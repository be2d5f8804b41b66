// Quotation numbers: QUOT/<entity code>/<lead code>/<MMYYYY>-<5-digit sequence> (domain/quotation.md §4).
// The sequence counts per entity and month, so the prefix below is what the counter is keyed on.

export interface QuotationNumberParts {
  entityCode: string;
  leadCode: string;
  year: number;
  month: number; // 1..12
  sequence: number;
}

export function monthYear(year: number, month: number): string {
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new RangeError(`month must be 1..12, got ${month}`);
  if (!Number.isInteger(year) || year < 1000 || year > 9999)
    throw new RangeError(`year must have 4 digits, got ${year}`);
  return `${String(month).padStart(2, '0')}${year}`;
}

export function quotationSequenceKey(entityCode: string, year: number, month: number): string {
  return `QUOT/${entityCode}/${monthYear(year, month)}`;
}

export function formatQuotationNumber(parts: QuotationNumberParts): string {
  if (!Number.isInteger(parts.sequence) || parts.sequence < 1 || parts.sequence > 99999) {
    throw new RangeError(`sequence must be 1..99999, got ${parts.sequence}`);
  }
  const seq = String(parts.sequence).padStart(5, '0');
  return `QUOT/${parts.entityCode}/${parts.leadCode}/${monthYear(parts.year, parts.month)}-${seq}`;
}
