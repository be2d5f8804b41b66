// GET /api/leads/:id/deal: everything about one lead's deal in one answer — its quotations, SPKs and contracts with
// their states, and one timeline of its activities, status changes and document milestones.
import type { Knex } from 'knex';
import type { Principal } from '../auth/principal';
import { requireRowAbility } from '../auth/guards';
import { findLead } from '../db/leads';
import { applyReadScope } from '../db/read-scope';
import { timeline, type TimelineEvent } from '../domain/deal-timeline';
import { jakartaDate } from '../domain/jakarta-time';
import type { ServiceDeps, ServiceInput } from './deps';

const stamp = (value: Date | null | undefined) => (value ? value.toISOString() : null);
const day = (value: Date | string) => (typeof value === 'string' ? value : jakartaDate(value));

function event(kind: TimelineEvent['kind'], when: Date | string, title: string, extra: Partial<TimelineEvent> = {}) {
  return {
    date: day(when),
    at: typeof when === 'string' ? null : stamp(when),
    kind,
    title,
    detail: null,
    by: null,
    documentId: null,
    ...extra,
  } satisfies TimelineEvent;
}

type Row = Record<string, any>;

async function documents(knex: Knex, principal: Principal, leadId: number) {
  const can = (name: 'Quotation' | 'Spk' | 'Pks') => principal.ability.can('read', name);
  const quotations: Row[] = can('Quotation')
    ? await applyReadScope(knex('quotations as q'), principal, 'Quotation', 'q')
        .where('q.lead_id', leadId)
        .orderBy('q.id')
        .select(
          'q.id',
          'q.number',
          'q.type',
          'q.status',
          'q.step',
          'q.version',
          'q.created_at as createdAt',
          'q.submitted_at as submittedAt',
          'q.approved_at as approvedAt',
        )
    : [];
  const spks: Row[] = can('Spk')
    ? await applyReadScope(knex('spks as s'), principal, 'Spk', 's')
        .where('s.lead_id', leadId)
        .orderBy('s.id')
        .select('s.id', 's.number', 's.status', 's.spk_date as spkDate', 's.created_at as createdAt')
    : [];
  const contracts: Row[] = can('Pks')
    ? await applyReadScope(knex('pks as p'), principal, 'Pks', 'p')
        .where('p.lead_id', leadId)
        .orderBy('p.id')
        .select(
          'p.id',
          'p.number',
          'p.type',
          'p.status',
          'p.contract_start as contractStart',
          'p.contract_end as contractEnd',
          'p.created_at as createdAt',
          'p.activated_at as activatedAt',
        )
    : [];
  return { quotations, spks, contracts };
}

async function activityEvents(knex: Knex, principal: Principal, leadId: number): Promise<TimelineEvent[]> {
  const events: TimelineEvent[] = [];
  if (principal.ability.can('read', 'CustomerActivity'))
    for (const a of await knex('customer_activities as a')
      .leftJoin('users as u', 'u.id', 'a.created_by')
      .where('a.lead_id', leadId)
      .whereNull('a.deleted_at')
      .select('a.activity_date', 'a.type', 'a.notes', 'a.created_at', 'u.full_name as by'))
      events.push(
        event('customer-activity', a.activity_date, a.type, { detail: a.notes, by: a.by, at: stamp(a.created_at) }),
      );
  if (principal.ability.can('read', 'SalesActivity'))
    for (const a of await knex('sales_activities as a')
      .leftJoin('users as u', 'u.id', 'a.created_by')
      .where('a.lead_id', leadId)
      .whereNull('a.deleted_at')
      .select('a.activity_date', 'a.type', 'a.minutes', 'a.created_at', 'a.quotation_id', 'u.full_name as by'))
      events.push(
        event('sales-activity', a.activity_date, a.type, {
          detail: a.minutes,
          by: a.by,
          at: stamp(a.created_at),
          documentId: a.quotation_id,
        }),
      );
  for (const s of await knex('lead_status_history as h')
    .leftJoin('lead_statuses as f', 'f.id', 'h.from_status_id')
    .join('lead_statuses as t', 't.id', 'h.to_status_id')
    .leftJoin('users as u', 'u.id', 'h.changed_by')
    .where('h.lead_id', leadId)
    .select('f.name as from', 't.name as to', 'h.reason', 'h.changed_at', 'u.full_name as by'))
    events.push(
      event('lead-status', s.changed_at, s.from ? `${s.from} → ${s.to}` : s.to, { detail: s.reason, by: s.by }),
    );
  return events;
}

// GET /api/leads/:id/deal
export async function getLeadsDeal(deps: ServiceDeps, principal: Principal, { params }: ServiceInput) {
  const lead = requireRowAbility(principal, 'read', 'Lead', await findLead(deps.knex, params.id), `lead ${params.id}`);
  const { quotations, spks, contracts } = await documents(deps.knex, principal, lead.id);
  const milestones: TimelineEvent[] = [
    ...quotations.flatMap((q) => [
      event('quotation', q.createdAt, `Quotation ${q.number} created`, { documentId: q.id }),
      ...(q.submittedAt
        ? [event('quotation', q.submittedAt, `Quotation ${q.number} submitted`, { documentId: q.id })]
        : []),
      ...(q.approvedAt
        ? [event('quotation', q.approvedAt, `Quotation ${q.number} approved`, { documentId: q.id })]
        : []),
    ]),
    ...spks.map((s) => event('spk', s.createdAt, `SPK ${s.number} issued (${s.status})`, { documentId: s.id })),
    ...contracts.flatMap((p) => [
      event('pks', p.createdAt, `PKS ${p.number} drafted`, { documentId: p.id }),
      ...(p.activatedAt ? [event('pks', p.activatedAt, `PKS ${p.number} active`, { documentId: p.id })] : []),
    ]),
  ];
  return {
    lead,
    quotations,
    spks,
    contracts,
    timeline: timeline([...milestones, ...(await activityEvents(deps.knex, principal, lead.id))]),
  };
}
