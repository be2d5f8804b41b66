// How a spreadsheet cell holds a value so that Excel reads it as what it is: a percentage given as 0–100 becomes a
// fraction shown as %, a YYYY-MM-DD date a real Excel date, an amount a number shown in rupiah.
export type CellFormat = 'percent' | 'date' | 'rupiah';

export const NUMBER_FORMATS = { percent: '0.0%', date: 'dd/mm/yyyy', rupiah: '"Rp" #,##0' } as const;

// A value as its cell holds it.
export function cellValue(value: unknown, format: CellFormat | undefined): unknown {
  if (value === null || value === undefined || value === '') return null;
  if (format === 'percent') return Number(value) / 100;
  if (format === 'rupiah') return Number(value);
  if (format === 'date') {
    const text = value instanceof Date ? value.toISOString().slice(0, 10) : (value as string).slice(0, 10);
    return new Date(`${text}T00:00:00Z`);
  }
  return value;
}
