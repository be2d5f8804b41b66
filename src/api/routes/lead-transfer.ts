// Leads to and from Excel (crm.md §1.7, NEW): a template, an export of the caller's leads, and an import that
// applies every rule of a single create (duplicates too, also within the file) and is all-or-nothing.
import { leadExportWorkbook, leadTemplateWorkbook, importRows, readRows } from '../../services/lead-transfer';
import { sendWorkbook, XLSX } from '../spreadsheet';
import Joi from 'joi';
import { jakartaDate } from '../../domain/jakarta-time';
import { requireAbility } from '../../auth/guards';
import { invalid } from '../problem';
import { requirePrincipal, type RouteSpec } from '../route';
import { listQuery } from './leads';

export const leadTransferRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/leads/import-template',
    summary: 'The Excel template for importing leads (required columns marked *), with reference lists',
    tag: 'leads',
    produces: [XLSX],
    async handler(ctx) {
      requireAbility(requirePrincipal(ctx), 'create', 'Lead');
      const workbook = await leadTemplateWorkbook(ctx.deps);
      return sendWorkbook(ctx, workbook, 'template-import-leads.xlsx');
    },
  },
  {
    method: 'get',
    path: '/api/leads/export',
    summary: 'Your leads (same filters as the list) as an Excel file that the import accepts back',
    tag: 'leads',
    produces: [XLSX],
    query: listQuery,
    async handler(ctx, { query }) {
      const principal = requirePrincipal(ctx);
      requireAbility(principal, 'read', 'Lead');
      const workbook = await leadExportWorkbook(ctx.deps, principal, query);
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
