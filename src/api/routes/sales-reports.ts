// Sales reports (domain/crm.md §10): monthly and weekly activity funnels per salesperson, the telesales funnel,
// activity detail per user and quotation conversion; each as JSON or, with `format=xlsx`, as an Excel file.
// Salespeople shown are those the caller's sales-activity scope covers (self, team, branch or all).
import ExcelJS from 'exceljs';
import Joi from 'joi';
import {
  funnelInputs,
  quotationConversionRows,
  largeQuotationRows,
  lossReasonRows,
  salespersonActivities,
  telesalesLeads,
  funnelTotals,
  monthPeriod,
  scopedUsers,
  FUNNEL_COUNTS,
  readerOf,
} from '../../services/sales-reports';
import { SELLING_ROLES } from '../../domain/lead-assignment';
import { monthlyFunnel, telesalesFunnel, weekOfMonth, weeklyFunnel } from '../../domain/sales-report';
import { requireAbility } from '../../auth/guards';
import type { ApiContext } from '../context';
import { notFound } from '../problem';
import { requirePrincipal, type RouteSpec } from '../route';
import { addTableSheet, sendWorkbook, XLSX, type SheetColumn } from '../spreadsheet';

const id = Joi.number().integer().min(1);
const period = {
  year: Joi.number().integer().min(2000).max(2100).required(),
  month: Joi.number().integer().min(1).max(12).required(),
};
const format = Joi.string().valid('json', 'xlsx').default('json');

const USER_COLUMNS: SheetColumn[] = [
  { header: 'Sales', key: 'name', width: 28 },
  { header: 'Role', key: 'role', width: 20 },
  { header: 'Cabang', key: 'branch', width: 20 },
];

// A report over a year, or one month of it when `month` is given.
const yearOrMonthQuery = Joi.object({ year: period.year, month: period.month.optional(), branchId: id, format });

// The month asked for, or the whole year.
const yearOrMonth = (query: { year: number; month?: number }) =>
  query.month
    ? monthPeriod(query.year, query.month)
    : { from: `${query.year}-01-01`, until: `${query.year + 1}-01-01`, label: String(query.year) };

function respond(
  ctx: ApiContext,
  wanted: string,
  json: unknown,
  sheet: { name: string; filename: string; columns: SheetColumn[]; rows: Array<Record<string, unknown>> },
) {
  if (wanted !== 'xlsx') return json;
  const workbook = new ExcelJS.Workbook();
  addTableSheet(workbook, sheet.name, sheet.columns, sheet.rows);
  return sendWorkbook(ctx, workbook, sheet.filename);
}

export const salesReportRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/sales-reports/monthly',
    summary:
      'Activity funnel per salesperson for a month: proposals → appointments → visits → quotations → SPK → PKS, with conversion %',
    tag: 'sales performance',
    produces: ['application/json', XLSX],
    query: Joi.object({ ...period, branchId: id, format }),
    async handler(ctx, { query }) {
      const { p, users, events } = await funnelInputs(ctx.deps.knex, requirePrincipal(ctx), query);
      const rows = users.map((u) => ({ ...u, ...monthlyFunnel(u.userId, events) }));
      return respond(
        ctx,
        query.format,
        { month: p.label, rows, totals: funnelTotals(rows) },
        {
          name: `Funnel ${p.label}`,
          filename: `sales-funnel-${p.label}.xlsx`,
          columns: [
            ...USER_COLUMNS,
            ...['Proposal', 'Appointment', 'Visit', 'Quotation', 'SPK', 'PKS', 'Follow up', 'Placement'].map(
              (header, i) => ({ header, key: FUNNEL_COUNTS[i] }),
            ),
            { header: 'Proposal→Appointment', key: 'c1', format: 'percent' },
            { header: 'Appointment→Visit', key: 'c2', format: 'percent' },
            { header: 'Visit→Quotation', key: 'c3', format: 'percent' },
            { header: 'Quotation→SPK', key: 'c4', format: 'percent' },
            { header: 'SPK→PKS', key: 'c5', format: 'percent' },
          ],
          rows: rows.map((r) => ({
            ...r,
            c1: r.conversion.proposalToAppointment,
            c2: r.conversion.appointmentToVisit,
            c3: r.conversion.visitToQuotation,
            c4: r.conversion.quotationToSpk,
            c5: r.conversion.spkToPks,
          })),
        },
      );
    },
  },
  {
    method: 'get',
    path: '/api/sales-reports/weekly',
    summary:
      'The month by week per salesperson (W1 days 1–7, W2 8–14, W3 15–21, W4 22–end): appointments, visits, quotations, SPK, PKS',
    tag: 'sales performance',
    produces: ['application/json', XLSX],
    query: Joi.object({ ...period, branchId: id, format }),
    async handler(ctx, { query }) {
      const { p, users, events } = await funnelInputs(ctx.deps.knex, requirePrincipal(ctx), query);
      const rows = users.map((u) => ({ ...u, weeks: weeklyFunnel(u.userId, events) }));
      return respond(
        ctx,
        query.format,
        { month: p.label, rows },
        {
          name: `Weekly ${p.label}`,
          filename: `sales-weekly-${p.label}.xlsx`,
          columns: [
            ...USER_COLUMNS,
            { header: 'Minggu', key: 'week' },
            ...['Appointment', 'Visit', 'Quotation', 'SPK', 'PKS'].map((header) => ({
              header,
              key: header.toLowerCase(),
            })),
          ],
          rows: rows.flatMap((r) =>
            r.weeks.map((w) => ({
              ...r,
              week: `W${w.week}`,
              appointment: w.appointments,
              visit: w.visits,
              quotation: w.quotations,
              spk: w.spk,
              pks: w.pks,
            })),
          ),
        },
      );
    },
  },
  {
    method: 'get',
    path: '/api/sales-reports/telesales',
    summary: 'Telesales funnel for a month and its weeks: leads brought in → assigned to a salesperson → appointment',
    tag: 'sales performance',
    produces: ['application/json', XLSX],
    query: Joi.object({ ...period, branchId: id, format }),
    async handler(ctx, { query }) {
      const principal = readerOf(requirePrincipal(ctx));
      const p = monthPeriod(query.year, query.month);
      const knex = ctx.deps.knex;
      const users = await scopedUsers(knex, principal, ['telesales'], query.branchId);
      const leads = await telesalesLeads(
        knex,
        users.map((u) => u.userId),
        p,
      );
      const rows = users.map((u) => ({
        ...u,
        ...telesalesFunnel(u.userId, leads),
        weeks: ([1, 2, 3, 4] as const).map((week) => ({
          week,
          ...telesalesFunnel(
            u.userId,
            leads.filter((l) => weekOfMonth(l.date) === week),
          ),
        })),
      }));
      return respond(
        ctx,
        query.format,
        { month: p.label, rows },
        {
          name: `Telesales ${p.label}`,
          filename: `telesales-${p.label}.xlsx`,
          columns: [
            ...USER_COLUMNS,
            { header: 'Periode', key: 'period' },
            { header: 'Leads', key: 'leads' },
            { header: 'Assigned', key: 'assigned' },
            { header: 'Appointment', key: 'appointments' },
            { header: 'Leads→Assigned', key: 'c1', format: 'percent' },
            { header: 'Assigned→Appointment', key: 'c2', format: 'percent' },
          ],
          rows: rows.flatMap((r) =>
            [{ period: p.label, ...r }, ...r.weeks.map((w) => ({ ...r, ...w, period: `W${w.week}` }))].map((row) => ({
              ...row,
              c1: row.conversion.leadToAssignment,
              c2: row.conversion.assignmentToAppointment,
            })),
          ),
        },
      );
    },
  },
  {
    method: 'get',
    path: '/api/sales-reports/activities',
    summary: "One salesperson's activities in a month: logged by them or on the service lines assigned to them",
    tag: 'sales performance',
    produces: ['application/json', XLSX],
    query: Joi.object({ ...period, userId: id.required(), format }),
    async handler(ctx, { query }) {
      const principal = readerOf(requirePrincipal(ctx));
      const p = monthPeriod(query.year, query.month);
      const knex = ctx.deps.knex;
      const [user] = (await scopedUsers(knex, principal, [...SELLING_ROLES, 'telesales'])).filter(
        (u) => u.userId === query.userId,
      );
      if (!user) throw notFound(`salesperson ${query.userId}`);
      const rows = await salespersonActivities(knex, query.userId, p);
      return respond(
        ctx,
        query.format,
        { month: p.label, user, rows },
        {
          name: `Aktivitas ${p.label}`,
          filename: `activities-${query.userId}-${p.label}.xlsx`,
          columns: [
            { header: 'Tanggal', key: 'activityDate' },
            { header: 'Jenis', key: 'type', width: 16 },
            { header: 'Kode', key: 'leadCode' },
            { header: 'Perusahaan', key: 'companyName', width: 30 },
            { header: 'Layanan', key: 'serviceLine', width: 20 },
            { header: 'Notulen', key: 'minutes', width: 50 },
            { header: 'Oleh', key: 'createdByName', width: 24 },
          ],
          rows,
        },
      );
    },
  },
  {
    method: 'get',
    path: '/api/sales-reports/quotation-conversion',
    summary:
      'New quotations per salesperson in a year or month: submitted, approved, converted into an SPK, lost or declined, with rates',
    tag: 'sales performance',
    produces: ['application/json', XLSX],
    query: yearOrMonthQuery,
    async handler(ctx, { query }) {
      const principal = requirePrincipal(ctx);
      requireAbility(principal, 'read', 'Quotation');
      const knex = ctx.deps.knex;
      const p = yearOrMonth(query);
      const rows = await quotationConversionRows(knex, principal, p, query.branchId);
      return respond(
        ctx,
        query.format,
        { period: p.label, rows },
        {
          name: `Konversi ${p.label}`,
          filename: `quotation-conversion-${p.label}.xlsx`,
          columns: [
            { header: 'Sales', key: 'name', width: 28 },
            { header: 'Quotation', key: 'created' },
            { header: 'Diajukan', key: 'submitted' },
            { header: 'Disetujui', key: 'approved' },
            { header: 'Menjadi SPK', key: 'converted' },
            { header: 'Kalah', key: 'lost' },
            { header: 'Ditolak', key: 'declined' },
            { header: 'Approval %', key: 'approvalRate', format: 'percent' },
            { header: 'Konversi %', key: 'conversionRate', format: 'percent' },
            { header: 'Win rate %', key: 'winRate', format: 'percent' },
          ],
          rows,
        },
      );
    },
  },
  {
    method: 'get',
    path: '/api/sales-reports/large-quotations',
    summary:
      'Quotations of a year or month with at least minHeadcount people or a monthly invoice of at least minMonthlyInvoice (COSS), largest first',
    tag: 'sales performance',
    produces: ['application/json', XLSX],
    query: Joi.object({
      year: period.year,
      month: period.month.optional(),
      minHeadcount: Joi.number().integer().min(1).max(100000).default(50),
      minMonthlyInvoice: Joi.number().min(0).max(1e13).default(500_000_000),
      format,
    }),
    async handler(ctx, { query }) {
      const principal = requirePrincipal(ctx);
      requireAbility(principal, 'read', 'Quotation');
      const p = yearOrMonth(query);
      const rows = await largeQuotationRows(ctx.deps.knex, principal, p, query);
      return respond(
        ctx,
        query.format,
        { period: p.label, minHeadcount: query.minHeadcount, minMonthlyInvoice: query.minMonthlyInvoice, rows },
        {
          name: `Quotation besar ${p.label}`,
          filename: `large-quotations-${p.label}.xlsx`,
          columns: [
            { header: 'Nomor', key: 'number', width: 32 },
            { header: 'Pelanggan', key: 'customerName', width: 32 },
            { header: 'Sales', key: 'salesName', width: 24 },
            { header: 'Status', key: 'status' },
            { header: 'HC', key: 'headcount' },
            { header: 'Invoice per bulan', key: 'monthlyInvoice', width: 20, format: 'rupiah' },
            { header: 'Dibuat', key: 'createdOn', format: 'date' },
          ],
          rows,
        },
      );
    },
  },
  {
    method: 'get',
    path: '/api/sales-reports/loss-reasons',
    summary:
      'Why quotations were lost or declined in a year or month: per reason the count, share and monthly invoice lost; the competitors named',
    tag: 'sales performance',
    produces: ['application/json', XLSX],
    query: yearOrMonthQuery,
    async handler(ctx, { query }) {
      const principal = requirePrincipal(ctx);
      requireAbility(principal, 'read', 'Quotation');
      const p = yearOrMonth(query);
      const report = await lossReasonRows(ctx.deps.knex, principal, p, query.branchId);
      if (query.format !== 'xlsx') return { period: p.label, ...report };
      const workbook = new ExcelJS.Workbook();
      addTableSheet(
        workbook,
        `Alasan kalah ${p.label}`,
        [
          { header: 'Alasan', key: 'reason', width: 44 },
          { header: 'Kalah', key: 'lost' },
          { header: 'Ditolak', key: 'declined' },
          { header: 'Jumlah', key: 'total' },
          { header: 'Porsi %', key: 'share', format: 'percent' },
          { header: 'Invoice per bulan', key: 'monthlyInvoice', width: 20, format: 'rupiah' },
        ],
        report.reasons,
      );
      addTableSheet(
        workbook,
        'Kompetitor',
        [
          { header: 'Kompetitor', key: 'competitor', width: 36 },
          { header: 'Jumlah', key: 'total' },
        ],
        report.competitors,
      );
      return sendWorkbook(ctx, workbook, `loss-reasons-${p.label}.xlsx`);
    },
  },
];
