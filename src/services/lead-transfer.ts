// Leads to and from Excel (crm.md §1.7, NEW): a template, an export of the caller's leads, and an import that
// applies every rule of a single create (duplicates too, also within the file) and is all-or-nothing.
import Joi from 'joi';
import { leadFields } from '../schemas/lead';
import ExcelJS from 'exceljs';
import type { Knex } from 'knex';
import type { Principal } from '../auth/principal';
import { EXPORT_ONLY, LEAD_COLUMNS, cellText, rowToLeadInput, type SheetLookups } from '../domain/lead-sheet';
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
  const sheet = workbook.addWorksheet('Leads');
  const columns = withExportColumns ? [...LEAD_COLUMNS, ...EXPORT_ONLY] : LEAD_COLUMNS;
  sheet.columns = columns.map((c) => ({
    header: c.required ? `${c.header}*` : c.header,
    key: c.field,
    width: c.width,
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return sheet;
}

// Rows of the first sheet as cells keyed by field, with their spreadsheet row numbers.
export async function readRows(buffer: Buffer): Promise<Array<{ row: number; cells: Record<string, string> }>> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw invalid([{ field: 'file', message: 'the file is not a readable .xlsx workbook' }]);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw invalid([{ field: 'file', message: 'the workbook has no sheet' }]);
  const byHeader = new Map([...LEAD_COLUMNS, ...EXPORT_ONLY].map((c) => [c.header.toLowerCase(), c.field]));
  const fields = new Map<number, string>();
  sheet.getRow(1).eachCell((cell, column) => {
    const field = byHeader.get(cellText(cell.value).replace(/\*$/, '').toLowerCase());
    if (field) fields.set(column, field);
  });
  const missing = LEAD_COLUMNS.filter((c) => c.required && ![...fields.values()].includes(c.field)).map(
    (c) => c.header,
  );
  if (missing.length) throw invalid([{ field: 'file', message: `missing column(s): ${missing.join(', ')}` }]);
  const rows: Array<{ row: number; cells: Record<string, string> }> = [];
  sheet.eachRow((row, number) => {
    if (number === 1) return;
    const cells: Record<string, string> = {};
    fields.forEach((field, column) => (cells[field] = cellText(row.getCell(column).value)));
    if (Object.values(cells).some(Boolean)) rows.push({ row: number, cells });
  });
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
  const found: LeadRow[] = await applyListFilters(q, query)
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
      leadDate: l.leadDate,
      status: l.statusName,
      mainSales: l.mainSalesName,
    });
  }
  return workbook;
}

// The import template: the leads sheet with one example row, and the reference lists of names it accepts.
export async function leadTemplateWorkbook(deps: ServiceDeps): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  leadsSheet(workbook, false).addRow({
    companyName: 'PT Contoh Sejahtera',
    picName: 'Budi Santoso',
    picPhone: '0812000000',
    branch: 'Jakarta Pusat',
    serviceLines: 'Security, Cleaning Service',
    provinceCode: '32',
    cityCode: '32.75',
  });
  const reference = workbook.addWorksheet('Referensi');
  reference.columns = [
    { header: 'Cabang', key: 'branch', width: 24 },
    { header: 'Kebutuhan', key: 'service', width: 24 },
    { header: 'Sumber leads', key: 'source', width: 28 },
  ];
  const [branches, services, sources] = await Promise.all(
    ['branches', 'service_lines', 'lead_sources'].map((t) => deps.knex(t).orderBy('id').pluck('name')),
  );
  for (let i = 0; i < Math.max(branches.length, services.length, sources.length); i++)
    reference.addRow({ branch: branches[i], service: services[i], source: sources[i] });
  return workbook;
}
