// Sales reports (domain/crm.md §10): monthly and weekly activity funnels per salesperson, the telesales funnel,
// activity detail per user and quotation conversion; each as JSON or, with `format=xlsx`, as an Excel file.
// Salespeople shown are those the caller's sales-activity scope covers (self, team, branch or all).
import type { Knex } from 'knex';
import type { Principal } from '../auth/principal';
import {
  conversion,
  type Funnel,
  type FunnelEvents,
  quotationConversion,
  type TelesalesLead,
} from '../domain/sales-report';
import { applyReadScope } from '../db/read-scope';
import { requireAbility } from '../auth/guards';
import { SELLING_ROLES } from '../domain/lead-assignment';

export const FUNNEL_COUNTS = [
  'proposals',
  'appointments',
  'visits',
  'quotations',
  'spk',
  'pks',
  'followUps',
  'placements',
] as const;

export interface Period {
  from: string; // first day, inclusive
  until: string; // first day of the next month, exclusive
  label: string;
}

export interface ReportUser {
  userId: number;
  name: string;
  role: string;
  branch: string | null;
}

export const jakartaDay = (column: string) => `to_char(${column} AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM-DD')`;

export function monthPeriod(year: number, month: number): Period {
  const next = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
  const label = `${year}-${String(month).padStart(2, '0')}`;
  return { from: `${label}-01`, until: next, label };
}

// Users of the given roles that the caller's sales-activity scope covers.
export function scopedUsers(
  knex: Knex,
  principal: Principal,
  roles: readonly string[],
  branchId?: number,
): Promise<ReportUser[]> {
  const q = knex('users as u')
    .join('roles as r', 'r.id', 'u.role_id')
    .leftJoin('branches as b', 'b.id', 'u.branch_id')
    .whereIn('r.code', roles)
    .where('u.is_active', true)
    .select('u.id as userId', 'u.full_name as name', 'r.name as role', 'b.name as branch')
    .orderBy('u.full_name')
    .orderBy('u.id');
  if (branchId) q.where('u.branch_id', branchId);
  return applyReadScope(q, principal, 'SalesActivity', 'u', (field) =>
    field === 'salesUserId' ? 'u.id' : 'u.branch_id',
  );
}

export async function funnelEvents(knex: Knex, p: Period): Promise<FunnelEvents> {
  const [activities, quotations, spks, pks] = await Promise.all([
    knex('sales_activities as a')
      .join('lead_service_lines as ls', 'ls.id', 'a.lead_service_line_id')
      .whereNull('a.deleted_at')
      .where('a.activity_date', '>=', p.from)
      .where('a.activity_date', '<', p.until)
      .select('a.activity_date as date', 'a.type', 'a.created_by as createdBy', 'ls.sales_user_id as lineSalesUserId'),
    knex('quotations')
      .where('type', 'baru')
      .whereRaw(`${jakartaDay('created_at')} >= ? and ${jakartaDay('created_at')} < ?`, [p.from, p.until])
      .select(knex.raw(`${jakartaDay('created_at')} as date`), 'sales_user_id as salesUserId'),
    knex('spks')
      .where('spk_date', '>=', p.from)
      .where('spk_date', '<', p.until)
      .select('spk_date as date', 'sales_user_id as salesUserId'),
    knex('pks')
      .whereRaw(`${jakartaDay('created_at')} >= ? and ${jakartaDay('created_at')} < ?`, [p.from, p.until])
      .select(knex.raw(`${jakartaDay('created_at')} as date`), 'sales_user_id as salesUserId'),
  ]);
  return { activities, quotations, spks, pks };
}

export function funnelTotals(rows: Funnel[]): Funnel {
  const sum = (key: (typeof FUNNEL_COUNTS)[number]) => rows.reduce((s, r) => s + r[key], 0);
  const totals = Object.fromEntries(FUNNEL_COUNTS.map((k) => [k, sum(k)])) as Omit<Funnel, 'conversion'>;
  return {
    ...totals,
    conversion: {
      proposalToAppointment: conversion(totals.proposals, totals.appointments),
      appointmentToVisit: conversion(totals.appointments, totals.visits),
      visitToQuotation: conversion(totals.visits, totals.quotations),
      quotationToSpk: conversion(totals.quotations, totals.spk),
      spkToPks: conversion(totals.spk, totals.pks),
    },
  };
}

export function readerOf(principal: Principal): Principal {
  requireAbility(principal, 'read', 'SalesActivity');
  return principal;
}

// The salespeople a funnel report covers and what they did in the month.
export async function funnelInputs(
  knex: Knex,
  caller: Principal,
  query: { year: number; month: number; branchId?: number },
) {
  const principal = readerOf(caller);
  const p = monthPeriod(query.year, query.month);
  const [users, events] = await Promise.all([
    scopedUsers(knex, principal, SELLING_ROLES, query.branchId),
    funnelEvents(knex, p),
  ]);
  return { p, users, events };
}

// Leads the telesales users brought in during the period, with whether each was assigned and got an appointment.
export function telesalesLeads(knex: Knex, userIds: number[], p: Period): Promise<TelesalesLead[]> {
  return knex('leads as l')
    .whereNull('l.deleted_at')
    .whereIn('l.created_by', userIds)
    .whereRaw(`${jakartaDay('l.created_at')} >= ? and ${jakartaDay('l.created_at')} < ?`, [p.from, p.until])
    .select(
      knex.raw(`${jakartaDay('l.created_at')} as date`),
      'l.created_by as createdBy',
      knex.raw(
        'exists (select 1 from lead_service_lines ls where ls.lead_id = l.id and ls.sales_user_id is not null) as assigned',
      ),
      knex.raw(
        `exists (select 1 from sales_activities a where a.lead_id = l.id and a.type = 'Appointment' and a.deleted_at is null) as "hasAppointment"`,
      ),
    );
}

// One salesperson's activities in the period: logged by them or on service lines assigned to them.
export function salespersonActivities(knex: Knex, userId: number, p: Period) {
  return knex('sales_activities as a')
    .join('lead_service_lines as ls', 'ls.id', 'a.lead_service_line_id')
    .join('service_lines as s', 's.id', 'ls.service_line_id')
    .join('leads as l', 'l.id', 'a.lead_id')
    .leftJoin('users as c', 'c.id', 'a.created_by')
    .whereNull('a.deleted_at')
    .where('a.activity_date', '>=', p.from)
    .where('a.activity_date', '<', p.until)
    .where((w) => w.where('a.created_by', userId).orWhere('ls.sales_user_id', userId))
    .orderBy('a.activity_date')
    .orderBy('a.id')
    .select(
      'a.id',
      'a.activity_date as activityDate',
      'a.type',
      'l.code as leadCode',
      'l.company_name as companyName',
      's.name as serviceLine',
      'a.minutes',
      'c.full_name as createdByName',
    );
}

// New quotations per salesperson in the caller's scope over the period, with their conversion and names.
export async function quotationConversionRows(knex: Knex, principal: Principal, p: Period, branchId?: number) {
  const q = applyReadScope(knex('quotations as q'), principal, 'Quotation', 'q')
    .leftJoin('quotation_outcomes as o', 'o.quotation_id', 'q.id')
    .where('q.type', 'baru')
    .whereRaw(`${jakartaDay('q.created_at')} >= ? and ${jakartaDay('q.created_at')} < ?`, [p.from, p.until])
    .select(
      'q.sales_user_id as salesUserId',
      'q.status',
      'o.kind as outcome',
      knex.raw('q.submitted_at is not null as "wasSubmitted"'),
      knex.raw('q.approved_at is not null as "wasApproved"'),
    );
  if (branchId) q.where('q.branch_id', branchId);
  const stats = quotationConversion(await q);
  const names = new Map<number, string>(
    (
      await knex('users')
        .whereIn(
          'id',
          stats.map((s) => s.salesUserId),
        )
        .select('id', 'full_name')
    ).map((u: { id: number; full_name: string }) => [u.id, u.full_name]),
  );
  const rows = stats.map((s) => ({ ...s, name: names.get(s.salesUserId) ?? null }));
  return rows;
}

// Why quotations were lost or declined in the period: per reason the count, share and monthly invoice (COSS, as
// priced) that went with them; then the competitors named, most often first.
export async function lossReasonRows(knex: Knex, principal: Principal, p: Period, branchId?: number) {
  const invoice = `coalesce((q.calculation->'result'->'coss'->>'roundedInvoice')::numeric, 0)`;
  const lost = () => {
    const q = applyReadScope(knex('quotation_outcomes as o'), principal, 'Quotation', 'q')
      .join('quotations as q', 'q.id', 'o.quotation_id')
      .whereRaw(`${jakartaDay('o.decided_at')} >= ? and ${jakartaDay('o.decided_at')} < ?`, [p.from, p.until]);
    if (branchId) q.where('q.branch_id', branchId);
    return q;
  };
  const reasons = await lost()
    .join('loss_reasons as r', 'r.id', 'o.loss_reason_id')
    .groupBy('r.id', 'r.name')
    .orderByRaw('count(*) desc, r.id')
    .select(
      'r.id as lossReasonId',
      'r.name as reason',
      knex.raw(`count(*) filter (where o.kind = 'lost')::int as lost`),
      knex.raw(`count(*) filter (where o.kind = 'declined')::int as declined`),
      knex.raw('count(*)::int as total'),
      knex.raw(`sum(${invoice}) as "monthlyInvoice"`),
    );
  const all = reasons.reduce((sum: number, r: { total: number }) => sum + r.total, 0);
  const competitors = await lost()
    .whereNotNull('o.competitor')
    .groupByRaw('lower(o.competitor)')
    .orderByRaw('count(*) desc, min(o.competitor)')
    .select(knex.raw('min(o.competitor) as competitor'), knex.raw('count(*)::int as total'));
  return {
    reasons: reasons.map((r: Record<string, any>) => ({
      ...r,
      share: conversion(all, r.total),
      monthlyInvoice: Number(r.monthlyInvoice),
    })),
    competitors,
  };
}

// Quotations of the period with many people or a large monthly invoice (COSS, as priced), largest first: the deals a
// director looks at before approving.
export async function largeQuotationRows(
  knex: Knex,
  principal: Principal,
  p: Period,
  limits: { minHeadcount: number; minMonthlyInvoice: number },
) {
  const headcount = `(q.calculation->'result'->'coss'->>'headcount')::int`;
  const invoice = `(q.calculation->'result'->'coss'->>'roundedInvoice')::numeric`;
  const rows = await applyReadScope(knex('quotations as q'), principal, 'Quotation', 'q')
    .leftJoin('users as u', 'u.id', 'q.sales_user_id')
    .whereRaw(`(q.calculation->>'priced')::boolean`)
    .whereRaw(`${jakartaDay('q.created_at')} >= ? and ${jakartaDay('q.created_at')} < ?`, [p.from, p.until])
    .whereRaw(`(${headcount} >= ? or ${invoice} >= ?)`, [limits.minHeadcount, limits.minMonthlyInvoice])
    .orderByRaw(`${invoice} desc, q.id`)
    .select(
      'q.id',
      'q.number',
      'q.customer_name as customerName',
      'q.status',
      'u.full_name as salesName',
      knex.raw(`${headcount} as headcount`),
      knex.raw(`${invoice} as "monthlyInvoice"`),
      knex.raw(`${jakartaDay('q.created_at')} as "createdOn"`),
    );
  return rows.map((row: Record<string, any>) => ({ ...row, monthlyInvoice: Number(row.monthlyInvoice) }));
}
