// The go-live workbook (issue 16), pure: its two sheets' columns, and each row read into a checked value — a site of
// a running contract ("Kontrak": one row per site, the contract's own columns repeated and equal on each), or a
// salesperson's revenue of a month closed before CAIS ("Pendapatan"). Errors name the sheet, row and column.
import type { FieldError } from '../errors';

interface SheetColumn {
  field: string;
  header: string;
  required: boolean;
  width?: number;
}

export const CONTRACT_COLUMNS: SheetColumn[] = [
  { field: 'number', header: 'Nomor Kontrak', required: true, width: 30 },
  { field: 'customer', header: 'Pelanggan', required: true, width: 30 },
  { field: 'entity', header: 'Kode Entitas', required: true },
  { field: 'serviceLine', header: 'Layanan', required: true, width: 18 },
  { field: 'sales', header: 'Email Sales', required: true, width: 26 },
  { field: 'branch', header: 'Cabang', required: false, width: 18 },
  { field: 'start', header: 'Mulai', required: true, width: 12 },
  { field: 'end', header: 'Selesai', required: true, width: 12 },
  { field: 'monthlyInvoice', header: 'Invoice per Bulan', required: true, width: 18 },
  { field: 'site', header: 'Lokasi', required: true, width: 26 },
  { field: 'city', header: 'Kode Kota', required: true },
  { field: 'headcount', header: 'Jumlah TK', required: true },
];

export const REVENUE_COLUMNS: SheetColumn[] = [
  { field: 'month', header: 'Bulan', required: true },
  { field: 'sales', header: 'Email Sales', required: true, width: 26 },
  { field: 'amount', header: 'Pendapatan', required: true, width: 18 },
];

export const CONTRACT_FIELDS = [
  'customer',
  'entity',
  'serviceLine',
  'sales',
  'branch',
  'start',
  'end',
  'monthlyInvoice',
];

export interface ContractSiteRow {
  row: number;
  number: string;
  customer: string;
  entity: string;
  serviceLine: string;
  sales: string;
  branch: string;
  start: string;
  end: string;
  monthlyInvoice: number;
  site: string;
  city: string;
  headcount: number;
}

export interface RevenueRow {
  row: number;
  month: string;
  sales: string;
  amount: number;
}

type Cells = Record<string, string>;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isDate = (v: string) => DATE.test(v) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);
const amount = (v: string) => (/^\d+(\.\d{1,2})?$/.test(v) ? Number(v) : NaN);

function required(cells: Cells, columns: SheetColumn[], at: (field: string) => string): FieldError[] {
  return columns
    .filter((c) => c.required && !cells[c.field])
    .map((c) => ({ field: at(c.field), message: `${c.header} is required` }));
}

// One "Kontrak" row: the site and its contract's columns, or the errors that keep it out.
export function readContractRow(
  row: number,
  cells: Cells,
  today: string,
): { value?: ContractSiteRow; errors: FieldError[] } {
  const at = (field: string) => `Kontrak.${row}.${field}`;
  const errors = required(cells, CONTRACT_COLUMNS, at);
  if (cells.start && !isDate(cells.start)) errors.push({ field: at('start'), message: 'Mulai must be a date' });
  if (cells.end && !isDate(cells.end)) errors.push({ field: at('end'), message: 'Selesai must be a date' });
  else if (cells.end && cells.end < today)
    errors.push({ field: at('end'), message: 'the contract has ended; only running contracts are imported' });
  if (isDate(cells.start ?? '') && isDate(cells.end ?? '') && cells.end <= cells.start)
    errors.push({ field: at('end'), message: 'Selesai must be after Mulai' });
  const invoice = amount(cells.monthlyInvoice ?? '');
  if (cells.monthlyInvoice && !(invoice > 0 && invoice < 1e13))
    errors.push({ field: at('monthlyInvoice'), message: 'Invoice per Bulan must be a positive amount' });
  const headcount = Number(cells.headcount);
  if (cells.headcount && !(Number.isInteger(headcount) && headcount > 0 && headcount <= 100_000))
    errors.push({ field: at('headcount'), message: 'Jumlah TK must be a whole number of people' });
  if (cells.city && !/^\d{2}\.\d{2}$/.test(cells.city))
    errors.push({ field: at('city'), message: 'Kode Kota must look like 32.75' });
  for (const [field, max] of [
    ['number', 100],
    ['customer', 255],
    ['site', 200],
  ] as const)
    if ((cells[field] ?? '').length > max) errors.push({ field: at(field), message: `at most ${max} characters` });
  if (errors.length) return { errors };
  return {
    errors,
    value: {
      row,
      number: cells.number,
      customer: cells.customer,
      entity: cells.entity,
      serviceLine: cells.serviceLine,
      sales: cells.sales.toLowerCase(),
      branch: cells.branch ?? '',
      start: cells.start,
      end: cells.end,
      monthlyInvoice: invoice,
      site: cells.site,
      city: cells.city,
      headcount,
    },
  };
}

// One "Pendapatan" row: a month before the current one, a salesperson, an amount.
export function readRevenueRow(
  row: number,
  cells: Cells,
  currentMonth: string,
): { value?: RevenueRow; errors: FieldError[] } {
  const at = (field: string) => `Pendapatan.${row}.${field}`;
  const errors = required(cells, REVENUE_COLUMNS, at);
  const month = (cells.month ?? '').slice(0, 7);
  if (cells.month && !/^\d{4}-(0[1-9]|1[0-2])$/.test(month))
    errors.push({ field: at('month'), message: 'Bulan must be a month, YYYY-MM' });
  else if (cells.month && month >= currentMonth)
    errors.push({ field: at('month'), message: 'only months before the current one are imported (closed history)' });
  const value = amount(cells.amount ?? '');
  if (cells.amount && !(value >= 0 && value < 1e13))
    errors.push({ field: at('amount'), message: 'Pendapatan must be an amount of at least 0' });
  if (errors.length) return { errors };
  return { errors, value: { row, month, sales: cells.sales.toLowerCase(), amount: value } };
}

// Site rows grouped into contracts by number; a contract's own columns must be the same on each of its rows.
export function groupContracts(rows: ContractSiteRow[]): { contracts: ContractSiteRow[][]; errors: FieldError[] } {
  const byNumber = new Map<string, ContractSiteRow[]>();
  for (const r of rows) byNumber.set(r.number, [...(byNumber.get(r.number) ?? []), r]);
  const errors: FieldError[] = [];
  for (const sites of byNumber.values()) {
    const [first, ...rest] = sites;
    for (const r of rest)
      for (const field of CONTRACT_FIELDS)
        if (String(r[field as keyof ContractSiteRow]) !== String(first[field as keyof ContractSiteRow]))
          errors.push({
            field: `Kontrak.${r.row}.${field}`,
            message: `differs from row ${first.row} of the same contract ${first.number}`,
          });
  }
  return { contracts: [...byNumber.values()], errors };
}
