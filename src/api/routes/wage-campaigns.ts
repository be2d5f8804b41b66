// The annual wage-adjustment campaign (issue 16): start, follow, impact report, draft addenda or close, cancel.
import ExcelJS from 'exceljs';
import Joi from 'joi';
import { calendarDate } from '../../schemas/fields';
import { requireAbility } from '../../auth/guards';
import { idParams, pageQuery } from '../listing';
import { requirePrincipal, type RouteSpec } from '../route';
import { addTableSheet, sendWorkbook, XLSX } from '../spreadsheet';
import {
  cancelWageCampaign,
  getWageCampaigns,
  getWageCampaignsById,
  impactRows,
  postWageCampaigns,
  signalWageCampaign,
} from '../../services/wage-campaigns';

type ImpactRow = Record<string, any> & { sites: Array<{ siteKey: string; oldCost: number; newCost: number }> | null };

export const wageCampaignRoutes: RouteSpec[] = [
  {
    method: 'post',
    path: '/api/wage-campaigns',
    summary:
      'Start the campaign for the UMP/UMK decree recorded from validFrom: every active contract and open quotation with a site in its regions is priced again (a Temporal run)',
    tag: 'wage campaigns',
    status: 201,
    body: Joi.object({ validFrom: calendarDate.required() }).required(),
    handler: (ctx, input) => postWageCampaigns(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'get',
    path: '/api/wage-campaigns',
    summary: 'Wage campaigns, newest first',
    tag: 'wage campaigns',
    query: Joi.object(pageQuery),
    handler: (ctx, input) => getWageCampaigns(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'get',
    path: '/api/wage-campaigns/:id',
    summary: 'A campaign: its status, counts, and the contracts’ monthly invoice before and after',
    tag: 'wage campaigns',
    params: idParams,
    handler: (ctx, input) => getWageCampaignsById(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'get',
    path: '/api/wage-campaigns/:id/impact',
    summary:
      'The impact report: per contract or quotation the monthly invoice and margin before and after, per site the monthly cost; largest increase first (JSON pages, or every row as XLSX)',
    tag: 'wage campaigns',
    produces: ['application/json', XLSX],
    params: idParams,
    query: Joi.object({ ...pageQuery, format: Joi.string().valid('json', 'xlsx').default('json') }),
    async handler(ctx, { params, query }) {
      requireAbility(requirePrincipal(ctx), 'read', 'MasterData');
      const knex = ctx.deps.knex;
      if (query.format !== 'xlsx') return impactRows(knex, params.id, query);
      const { data } = await impactRows(knex, params.id, { page: 1, pageSize: 1_000_000 });
      const rows = data as ImpactRow[];
      const workbook = new ExcelJS.Workbook();
      addTableSheet(
        workbook,
        'Dampak',
        [
          { header: 'Jenis', key: 'subjectType' },
          { header: 'Nomor', key: 'number', width: 34 },
          { header: 'Pelanggan', key: 'customerName', width: 30 },
          { header: 'Status', key: 'status' },
          { header: 'Invoice lama', key: 'oldInvoice', width: 18, format: 'rupiah' },
          { header: 'Invoice baru', key: 'newInvoice', width: 18, format: 'rupiah' },
          { header: 'Selisih', key: 'delta', width: 18, format: 'rupiah' },
          { header: 'Margin lama %', key: 'oldMarginPercent', format: 'percent' },
          { header: 'Margin baru %', key: 'newMarginPercent', format: 'percent' },
          { header: 'Addendum', key: 'addendumNumber', width: 34 },
          { header: 'Catatan', key: 'note', width: 30 },
        ],
        rows,
      );
      addTableSheet(
        workbook,
        'Per lokasi',
        [
          { header: 'Nomor', key: 'number', width: 34 },
          { header: 'Lokasi', key: 'siteKey' },
          { header: 'Biaya lama', key: 'oldCost', width: 18, format: 'rupiah' },
          { header: 'Biaya baru', key: 'newCost', width: 18, format: 'rupiah' },
          { header: 'Selisih', key: 'delta', width: 18, format: 'rupiah' },
        ],
        rows.flatMap((row) => (row.sites ?? []).map((site) => ({ number: row.number, ...site }))),
      );
      return sendWorkbook(ctx, workbook, `wage-campaign-${params.id}.xlsx`);
    },
  },
  {
    method: 'post',
    path: '/api/wage-campaigns/:id/addenda',
    summary:
      'Draft an addendum quotation for each contract that costs more at the new wage (in batches, each with its own run), for approval as usual',
    tag: 'wage campaigns',
    params: idParams,
    handler: (ctx, { params }) => signalWageCampaign(ctx.deps, requirePrincipal(ctx), params.id, 'addenda'),
  },
  {
    method: 'post',
    path: '/api/wage-campaigns/:id/close',
    summary: 'Close the campaign with its impact report only (no addenda)',
    tag: 'wage campaigns',
    params: idParams,
    handler: (ctx, { params }) => signalWageCampaign(ctx.deps, requirePrincipal(ctx), params.id, 'close'),
  },
  {
    method: 'post',
    path: '/api/wage-campaigns/:id/cancel',
    summary: 'Cancel the campaign: it stops between steps; every addendum already drafted is whole',
    tag: 'wage campaigns',
    params: idParams,
    handler: (ctx, input) => cancelWageCampaign(ctx.deps, requirePrincipal(ctx), input),
  },
];
