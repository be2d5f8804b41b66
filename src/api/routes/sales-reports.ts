// Sales reports (domain/crm.md §10): monthly and weekly activity funnels per salesperson, the telesales funnel,
// activity detail per user and quotation conversion; each as JSON or, with `format=xlsx`, as an Excel file.
// Salespeople shown are those the caller's sales-activity scope covers (self, team, branch or all).
import ExcelJS from 'exceljs';
import Joi from 'joi';
import {
  funnelInputs,
  quotationConversionRows,
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
import { addTableSheet, sendWorkbook, type SheetColumn } from '../spreadsheet';

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
const pct = (value: number) => `${value}%`;

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
            { header: 'Proposal→Appointment', key: 'c1' },
            { header: 'Appointment→Visit', key: 'c2' },
            { header: 'Visit→Quotation', key: 'c3' },
            { header: 'Quotation→SPK', key: 'c4' },
            { header: 'SPK→PKS', key: 'c5' },
          ],
          rows: rows.map((r) => ({
            ...r,
            c1: pct(r.conversion.proposalToAppointment),
            c2: pct(r.conversion.appointmentToVisit),
            c3: pct(r.conversion.visitToQuotation),
            c4: pct(r.conversion.quotationToSpk),
            c5: pct(r.conversion.spkToPks),
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
            { header: 'Leads→Assigned', key: 'c1' },
            { header: 'Assigned→Appointment', key: 'c2' },
          ],
          rows: rows.flatMap((r) =>
            [{ period: p.label, ...r }, ...r.weeks.map((w) => ({ ...r, ...w, period: `W${w.week}` }))].map((row) => ({
              ...row,
              c1: pct(row.conversion.leadToAssignment),
              c2: pct(row.conversion.assignmentToAppointment),
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
      'New quotations per salesperson in a year or month: submitted, approved, converted into an SPK, with rates',
    tag: 'sales performance',
    query: Joi.object({ year: period.year, month: period.month.optional(), branchId: id, format }),
    async handler(ctx, { query }) {
      const principal = requirePrincipal(ctx);
      requireAbility(principal, 'read', 'Quotation');
      const knex = ctx.deps.knex;
      const p = query.month
        ? monthPeriod(query.year, query.month)
        : { from: `${query.year}-01-01`, until: `${query.year + 1}-01-01`, label: String(query.year) };
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
            { header: 'Approval %', key: 'approvalRate' },
            { header: 'Konversi %', key: 'conversionRate' },
          ],
          rows,
        },
      );
    },
  },
];
