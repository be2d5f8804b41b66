// Leads to and from Excel (crm.md §1.7, NEW): a template, an export of the caller's leads, and an import that
// applies every rule of a single create (duplicates too, also within the file) and is all-or-nothing.
import ExcelJS from 'exceljs';
import { sendWorkbook } from '../spreadsheet';
import Joi from 'joi';
import { CUSTOMER_STATUS, leadQuery, withServiceLines, type LeadRow } from '../../db/leads';
import { jakartaDate } from '../../domain/jakarta-time';
import { applyReadScope } from '../../db/read-scope';
import { requireAbility } from '../../auth/guards';
import { invalid } from '../problem';
import { requirePrincipal, type RouteSpec } from '../route';
import { applyListFilters } from '../../services/leads';
import { listQuery } from './leads';
import { importRows, leadsSheet, readRows } from '../../services/lead-transfer';

export const leadTransferRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/leads/import-template',
    summary: 'The Excel template for importing leads (required columns marked *), with reference lists',
    tag: 'leads',
    async handler(ctx) {
      requireAbility(requirePrincipal(ctx), 'create', 'Lead');
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
        ['branches', 'service_lines', 'lead_sources'].map((t) => ctx.deps.knex(t).orderBy('id').pluck('name')),
      );
      for (let i = 0; i < Math.max(branches.length, services.length, sources.length); i++)
        reference.addRow({ branch: branches[i], service: services[i], source: sources[i] });
      return sendWorkbook(ctx, workbook, 'template-import-leads.xlsx');
    },
  },
  {
    method: 'get',
    path: '/api/leads/export',
    summary: 'Your leads (same filters as the list) as an Excel file that the import accepts back',
    tag: 'leads',
    query: listQuery,
    async handler(ctx, { query }) {
      const principal = requirePrincipal(ctx);
      requireAbility(principal, 'read', 'Lead');
      const knex = ctx.deps.knex;
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
      return sendWorkbook(ctx, workbook, `leads-${jakartaDate(new Date())}.xlsx`);
    },
  },
  {
    method: 'post',
    path: '/api/leads/import',
    summary: 'Import leads from the Excel template (form field "file"): all rows or none; dryRun=true only checks',
    tag: 'leads',
    query: Joi.object({ dryRun: Joi.boolean().default(false) }),
    upload: { field: 'file', maxFiles: 1, maxBytes: 5 * 1024 * 1024 },
    async handler(ctx, { query, files }) {
      const principal = requirePrincipal(ctx);
      requireAbility(principal, 'create', 'Lead');
      const [file] = files;
      if (!file) throw invalid([{ field: 'file', message: 'an .xlsx file is required' }]);
      if (!file.originalname.toLowerCase().endsWith('.xlsx'))
        throw invalid([{ field: 'file', message: 'only .xlsx files are accepted' }]);
      const result = await importRows(ctx.deps.knex, principal, await readRows(file.buffer), query.dryRun);
      ctx.status = result.dryRun ? 200 : 201;
      return result;
    },
  },
];
