// The lead spreadsheet (import template, import, export): which column holds which field, and how a row's
// names (branch, service lines, types) become ids. Pure: lookups are passed in.

export interface SheetColumn {
  header: string;
  field: string;
  required?: boolean;
  width: number;
}

// Import columns, in template order; export writes these and then EXPORT_ONLY.
export const LEAD_COLUMNS: SheetColumn[] = [
  { header: 'Nama perusahaan', field: 'companyName', required: true, width: 36 },
  { header: 'Nama PIC', field: 'picName', required: true, width: 24 },
  { header: 'Jabatan PIC', field: 'picTitle', width: 18 },
  { header: 'Telepon PIC', field: 'picPhone', width: 18 },
  { header: 'Email PIC', field: 'picEmail', width: 28 },
  { header: 'Telepon perusahaan', field: 'phone', width: 18 },
  { header: 'Cabang', field: 'branch', required: true, width: 18 },
  { header: 'Kebutuhan', field: 'serviceLines', required: true, width: 30 },
  { header: 'Kode provinsi', field: 'provinceCode', required: true, width: 14 },
  { header: 'Kode kota', field: 'cityCode', required: true, width: 12 },
  { header: 'Kode kecamatan', field: 'districtCode', width: 16 },
  { header: 'Alamat', field: 'address', width: 40 },
  { header: 'Jenis perusahaan', field: 'companyType', width: 22 },
  { header: 'Bidang perusahaan', field: 'businessSector', width: 22 },
  { header: 'Sumber leads', field: 'source', width: 18 },
  { header: 'Catatan', field: 'notes', width: 40 },
];

export const EXPORT_ONLY: SheetColumn[] = [
  { header: 'Kode', field: 'code', width: 8 },
  { header: 'Tanggal leads', field: 'leadDate', width: 14 },
  { header: 'Status', field: 'status', width: 14 },
  { header: 'Sales utama', field: 'mainSales', width: 24 },
];

export type NameLookup = Map<string, number>; // lower-cased name → id

export interface SheetLookups {
  branches: NameLookup;
  serviceLines: NameLookup;
  picTitles: NameLookup;
  companyTypes: NameLookup;
  businessSectors: NameLookup;
  sources: NameLookup;
}

const NAMED: Array<[field: string, lookup: keyof SheetLookups, idField: string]> = [
  ['branch', 'branches', 'branchId'],
  ['picTitle', 'picTitles', 'picTitleId'],
  ['companyType', 'companyTypes', 'companyTypeId'],
  ['businessSector', 'businessSectors', 'businessSectorId'],
  ['source', 'sources', 'sourceId'],
];
const PLAIN = [
  'companyName',
  'picName',
  'picPhone',
  'picEmail',
  'phone',
  'provinceCode',
  'cityCode',
  'districtCode',
  'address',
  'notes',
];

export interface RowProblem {
  field: string;
  message: string;
}

// A sheet row (cells keyed by field) as a lead body for the create schema, or the problems that prevent it.
export function rowToLeadInput(
  cells: Record<string, string>,
  lookups: SheetLookups,
): { input: Record<string, unknown>; problems: RowProblem[] } {
  const input: Record<string, unknown> = {};
  const problems: RowProblem[] = [];
  for (const field of PLAIN) if (cells[field]) input[field] = cells[field];
  for (const [field, lookup, idField] of NAMED) {
    const name = cells[field];
    if (!name) continue;
    const id = lookups[lookup].get(name.trim().toLowerCase());
    if (id === undefined) problems.push({ field: idField, message: `unknown ${field} "${name}"` });
    else input[idField] = id;
  }
  if (cells.serviceLines) {
    const names = cells.serviceLines
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean);
    const ids = names.map((n) => lookups.serviceLines.get(n.toLowerCase()));
    const unknown = names.filter((_, i) => ids[i] === undefined);
    if (unknown.length)
      problems.push({ field: 'serviceLineIds', message: `unknown service line(s) ${unknown.join(', ')}` });
    else input.serviceLineIds = [...new Set(ids as number[])];
  }
  return { input, problems };
}

// Normalises what a spreadsheet cell may hold (numbers, dates, rich text, hyperlinks) to trimmed text.
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as { text?: unknown; richText?: Array<{ text: string }>; result?: unknown };
    if (Array.isArray(v.richText))
      return v.richText
        .map((r) => r.text)
        .join('')
        .trim();
    if (v.text !== undefined) return cellText(v.text);
    if (v.result !== undefined) return cellText(v.result);
  }
  // Numbers, booleans and dates as the sheet shows them; the object cell shapes were handled above.
  // eslint-disable-next-line @typescript-eslint/no-base-to-string
  return String(value).trim();
}
