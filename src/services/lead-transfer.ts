// Leads to and from Excel (crm.md §1.7, NEW): a template, an export of the caller's leads, and an import that
// applies every rule of a single create (duplicates too, also within the file) and is all-or-nothing.
import Joi from 'joi';
import { leadFields } from '../schemas/lead';
import ExcelJS from 'exceljs';
import type { Knex } from 'knex';
import type { Principal } from '../auth/principal';
import { EXPORT_ONLY, LEAD_COLUMNS, rowToLeadInput, type SheetLookups } from '../domain/lead-sheet';
import { rowsByHeader, templateSheet, type SheetRows } from './import-sheets';
import { cellValue, NUMBER_FORMATS } from '../domain/sheet-cells';
import { DomainError, invalid, type FieldError } from '../errors';
import { createLead } from './lead-create';
import { applyListFilters } from './leads';
import { CUSTOMER_STATUS, leadQuery, withServiceLines, type LeadRow } from '../db/leads';
import { applyReadScope } from '../db/read-scope';
import type { ServiceDeps } from './deps';

export const rowSchema = Joi.object(leadFields);

export class DryRun extends Error {}

export const MAX_ROWS = 1000;

export async function nameLookup(knex: Knex, table: string, softDeleted = false): Promise<Map<string, number>> {
  const q = knex(table).select('id', 'name');
  if (softDeleted) q.whereNull('deleted_at');
  return new Map((await q).map((r: { id: number; name: string }) => [r.name.toLowerCase(), r.id]));
}

export async function lookups(knex: Knex): Promise<SheetLookups> {
  return {
    branches: await nameLookup(knex, 'branches'),
    serviceLines: await nameLookup(knex, 'service_lines'),
    picTitles: await nameLookup(knex, 'pic_titles'),
    companyTypes: await nameLookup(knex, 'company_types', true),
    businessSectors: await nameLookup(knex, 'business_sectors'),
    sources: await nameLookup(knex, 'lead_sources'),
  };
}

export function leadsSheet(workbook: ExcelJS.Workbook, withExportColumns: boolean): ExcelJS.Worksheet {
  const sheet = templateSheet(workbook, 'Leads', withExportColumns ? [...LEAD_COLUMNS, ...EXPORT_ONLY] : LEAD_COLUMNS);
  if (withExportColumns) sheet.getColumn('leadDate').numFmt = NUMBER_FORMATS.date;
  return sheet;
}

// Rows of the first sheet as cells keyed by field, with their spreadsheet row numbers.
export async function readRows(buffer: Buffer): Promise<SheetRows> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw invalid([{ field: 'file', message: 'the file is not a readable .xlsx workbook' }]);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw invalid([{ field: 'file', message: 'the workbook has no sheet' }]);
  const { rows, missing } = rowsByHeader(sheet, [...LEAD_COLUMNS, ...EXPORT_ONLY]);
  if (missing.length) throw invalid([{ field: 'file', message: `missing column(s): ${missing.join(', ')}` }]);
  if (rows.length > MAX_ROWS) throw invalid([{ field: 'file', message: `at most ${MAX_ROWS} rows per import` }]);
  if (!rows.length) throw invalid([{ field: 'file', message: 'the sheet has no lead rows' }]);
  return rows;
}

export async function importRows(
  knex: Knex,
  principal: Principal,
  rows: Array<{ row: number; cells: Record<string, string> }>,
  dryRun: boolean,
) {
  const names = await lookups(knex);
  const errors: FieldError[] = [];
  const created: Array<{ row: number; id: number }> = [];
  const prefixed = (row: number, list: FieldError[]) =>
    list.map((e) => ({ field: `rows.${row}.${e.field}`, message: e.message }));
  try {
    await knex.transaction(async (trx) => {
      for (const { row, cells } of rows) {
        const { input, problems } = rowToLeadInput(cells, names);
        const checked = rowSchema.validate(input, { abortEarly: false, errors: { wrap: { label: false } } });
        // A name that did not resolve already explains why its id is missing.
        const schemaErrors = (checked.error?.details ?? [])
          .map((d) => ({ field: d.path.join('.'), message: d.message }))
          .filter((e) => !problems.some((p) => p.field === e.field));
        const rowErrors = [...problems, ...schemaErrors];
        if (rowErrors.length) {
          errors.push(...prefixed(row, rowErrors));
          continue;
        }
        // A savepoint per row: a refused row is reported and the others still get checked.
        try {
          const id = await trx.transaction((sp) => createLead(knex, sp, principal, checked.value, 'Lead imported'));
          created.push({ row, id });
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          errors.push(
            ...prefixed(row, error.errors.length ? error.errors : [{ field: 'row', message: error.message }]),
          );
        }
      }
      if (errors.length)
        throw invalid(
          errors,
          `${new Set(errors.map((e) => e.field.split('.')[1])).size} row(s) cannot be imported; nothing was imported`,
        );
      if (dryRun) throw new DryRun();
    });
  } catch (error) {
    if (!(error instanceof DryRun)) throw error;
    return { dryRun: true, rows: rows.length, imported: 0, leads: [] };
  }
  const leads = await knex('leads')
    .whereIn(
      'id',
      created.map((c) => c.id),
    )
    .select('id', 'code', 'company_name as companyName');
  return {
    dryRun: false,
    rows: rows.length,
    imported: created.length,
    leads: created.map((c) => ({ row: c.row, ...leads.find((l) => l.id === c.id) })),
  };
}

// The caller's open leads (the list's filters, newest first, at most 10,000) as a sheet the import accepts back.
export async function leadExportWorkbook(
  deps: ServiceDeps,
  principal: Principal,
  query: Record<string, any>,
): Promise<ExcelJS.Workbook> {
  const knex = deps.knex;
  const q = applyReadScope(
    leadQuery(knex).whereNull('l.deleted_at').whereNot('l.status_id', CUSTOMER_STATUS),
    principal,
    'Lead',
    'l',
  );
  const found: LeadRow[] = await applyListFilters(knex, q, query)
    .orderBy('l.lead_date', 'desc')
    .orderBy('l.id', 'desc')
    .limit(10_000);
  const rows: Array<Record<string, any> & { serviceLines: Array<{ serviceLineName: string }> }> =
    await withServiceLines(knex, found);
  const workbook = new ExcelJS.Workbook();
  const sheet = leadsSheet(workbook, true);
  for (const l of rows) {
    sheet.addRow({
      companyName: l.companyName,
      picName: l.picName,
      picTitle: l.picTitleName,
      picPhone: l.picPhone,
      picEmail: l.picEmail,
      phone: l.phone,
      branch: l.branchName,
      serviceLines: l.serviceLines.map((s) => s.serviceLineName).join(', '),
      provinceCode: l.provinceCode,
      cityCode: l.cityCode,
      districtCode: l.districtCode,
      address: l.address,
      companyType: l.companyTypeName,
      businessSector: l.businessSectorName,
      source: l.sourceName,
      notes: l.notes,
      code: l.code,
      leadDate: cellValue(l.leadDate, 'date'),
      status: l.statusName,
      mainSales: l.mainSalesName,
    });
  }
  return workbook;
}

// The import template: the empty leads sheet first (import reads the first sheet, so no example row can be imported
// by mistake), with dropdowns fed by the code lists on "Referensi", and the instructions with an example on "Petunjuk".
export async function leadTemplateWorkbook(deps: ServiceDeps): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  const leads = leadsSheet(workbook, false);
  const [branches, services, sources, provinces, cities] = await Promise.all([
    deps.knex('branches').where({ is_active: true }).orderBy('name').pluck('name'),
    deps.knex('service_lines').orderBy('id').pluck('name'),
    deps.knex('lead_sources').orderBy('id').pluck('name'),
    deps.knex('provinces').orderBy('code').select('code', 'name'),
    deps.knex('cities').orderBy('code').select('code', 'name', 'province_code as provinceCode'),
  ]);
  const lists = referenceSheet(workbook, { branches, services, sources, provinces, cities });
  const dropdowns: Record<string, { list: string; strict: boolean }> = {
    branch: { list: lists.branches, strict: true },
    // Several service lines go in one cell ("Security, Cleaning Service"): the list helps, it does not forbid.
    serviceLines: { list: lists.services, strict: false },
    source: { list: lists.sources, strict: true },
    provinceCode: { list: lists.provinces, strict: true },
    cityCode: { list: lists.cities, strict: true },
  };
  LEAD_COLUMNS.forEach((column, index) => {
    const dropdown = dropdowns[column.field];
    // Codes and phone numbers are text: "32.75" must not become the number 32.75.
    if (TEXT_FIELDS.includes(column.field)) leads.getColumn(index + 1).numFmt = '@';
    if (!dropdown) return;
    for (let row = 2; row <= MAX_ROWS + 1; row++)
      leads.getCell(row, index + 1).dataValidation = {
        type: 'list',
        allowBlank: !column.required,
        formulae: [dropdown.list],
        showErrorMessage: dropdown.strict,
        errorStyle: dropdown.strict ? 'stop' : 'information',
        error: `Pilih dari daftar di lembar Referensi`,
      };
  });
  instructionsSheet(workbook);
  return workbook;
}

const TEXT_FIELDS = ['picPhone', 'phone', 'provinceCode', 'cityCode', 'districtCode'];

// The code lists the dropdowns read, one column each; answers each list's range.
function referenceSheet(
  workbook: ExcelJS.Workbook,
  data: {
    branches: string[];
    services: string[];
    sources: string[];
    provinces: Array<{ code: string; name: string }>;
    cities: Array<{ code: string; name: string; provinceCode: string }>;
  },
): Record<'branches' | 'services' | 'sources' | 'provinces' | 'cities', string> {
  const sheet = workbook.addWorksheet('Referensi');
  const columns: Array<[string, string, number, unknown[]]> = [
    ['A', 'Cabang', 24, data.branches],
    ['B', 'Kebutuhan', 24, data.services],
    ['C', 'Sumber leads', 24, data.sources],
    ['D', 'Kode provinsi', 14, data.provinces.map((p) => p.code)],
    ['E', 'Provinsi', 28, data.provinces.map((p) => p.name)],
    ['F', 'Kode kota', 12, data.cities.map((c) => c.code)],
    ['G', 'Kota', 34, data.cities.map((c) => c.name)],
    ['H', 'Kode provinsi kota', 18, data.cities.map((c) => c.provinceCode)],
  ];
  columns.forEach(([letter, header, width, values]) => {
    const column = sheet.getColumn(letter);
    column.width = width;
    column.numFmt = '@';
    sheet.getCell(`${letter}1`).value = header;
    values.forEach((value, i) => (sheet.getCell(`${letter}${i + 2}`).value = value as string));
  });
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  const range = (letter: string, count: number) => `Referensi!$${letter}$2:$${letter}$${Math.max(2, count + 1)}`;
  return {
    branches: range('A', data.branches.length),
    services: range('B', data.services.length),
    sources: range('C', data.sources.length),
    provinces: range('D', data.provinces.length),
    cities: range('F', data.cities.length),
  };
}

const EXAMPLE: Record<string, string> = {
  companyName: 'PT Contoh Sejahtera',
  picName: 'Budi Santoso',
  picPhone: '0812000000',
  branch: 'Jakarta Pusat',
  serviceLines: 'Security, Cleaning Service',
  provinceCode: '32',
  cityCode: '32.75',
};

function instructionsSheet(workbook: ExcelJS.Workbook): void {
  const sheet = workbook.addWorksheet('Petunjuk');
  sheet.columns = [
    { header: 'Kolom', key: 'column', width: 22 },
    { header: 'Wajib', key: 'required', width: 8 },
    { header: 'Isi', key: 'what', width: 70 },
    { header: 'Contoh', key: 'example', width: 30 },
  ];
  sheet.getRow(1).font = { bold: true };
  const what: Record<string, string> = {
    branch: 'Nama cabang, pilih dari daftar (lembar Referensi, kolom Cabang)',
    serviceLines: 'Satu atau beberapa kebutuhan dari lembar Referensi, dipisah koma',
    provinceCode: 'Kode provinsi 2 angka (lembar Referensi, kolom Kode provinsi)',
    cityCode: 'Kode kota seperti 32.75, di dalam provinsi yang dipilih (lembar Referensi, kolom Kode kota)',
    districtCode: 'Kode kecamatan seperti 32.75.01 (boleh kosong)',
    source: 'Sumber leads dari lembar Referensi (boleh kosong)',
  };
  for (const column of LEAD_COLUMNS)
    sheet.addRow({
      column: column.header,
      required: column.required ? 'ya' : '',
      what: what[column.field] ?? '',
      example: EXAMPLE[column.field] ?? '',
    });
  sheet.addRow({});
  sheet.addRow({ column: 'Isi data mulai baris 2 lembar Leads; baris kosong dilewati. Maksimal 1000 baris.' });
}
