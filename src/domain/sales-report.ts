// Sales activity funnels (domain/crm.md §10): what each salesperson did in a month or in the weeks of a month, and
// how one stage converts into the next. Pure: the caller loads the events of the period.
// NEW: quotations, SPKs and PKS are counted from their own records (attributed to their salesperson, on their
// creation date) rather than from the system activities the reference writes for them.

export interface ActivityEvent {
  date: string; // YYYY-MM-DD
  type: string;
  createdBy: number | null;
  lineSalesUserId: number | null; // the salesperson assigned to the activity's service line
}

export interface RecordEvent {
  date: string;
  salesUserId: number | null;
}

export interface FunnelEvents {
  activities: ActivityEvent[];
  quotations: RecordEvent[]; // new quotations only (type baru)
  spks: RecordEvent[];
  pks: RecordEvent[];
}

export interface Funnel {
  proposals: number;
  appointments: number;
  visits: number;
  quotations: number;
  spk: number;
  pks: number;
  followUps: number;
  placements: number;
  conversion: {
    proposalToAppointment: number;
    appointmentToVisit: number;
    visitToQuotation: number;
    quotationToSpk: number;
    spkToPks: number;
  };
}

const PROPOSALS = ['Kirim Berkas', 'Email'];
const VISITS = ['Visit', 'Online Meeting', 'Email', 'Telepon'];

// Percentage with one decimal; 0 when nothing reached the earlier stage.
export function conversion(from: number, to: number): number {
  return from === 0 ? 0 : Math.round((to / from) * 1000) / 10;
}

// An appointment counts for the salesperson who logged it and for the one whose service line it was logged on.
const appointmentOf = (userId: number) => (a: ActivityEvent) =>
  a.type === 'Appointment' && (a.createdBy === userId || a.lineSalesUserId === userId);

export function monthlyFunnel(userId: number, events: FunnelEvents): Funnel {
  const own = events.activities.filter((a) => a.createdBy === userId);
  const count = (types: string[]) => own.filter((a) => types.includes(a.type)).length;
  const mine = (records: RecordEvent[]) => records.filter((r) => r.salesUserId === userId).length;
  const proposals = count(PROPOSALS);
  const appointments = events.activities.filter(appointmentOf(userId)).length;
  const visits = count(VISITS);
  const quotations = mine(events.quotations);
  const spk = mine(events.spks);
  const pks = mine(events.pks);
  return {
    proposals,
    appointments,
    visits,
    quotations,
    spk,
    pks,
    followUps: count(['Follow Up']),
    placements: pks,
    conversion: {
      proposalToAppointment: conversion(proposals, appointments),
      appointmentToVisit: conversion(appointments, visits),
      visitToQuotation: conversion(visits, quotations),
      quotationToSpk: conversion(quotations, spk),
      spkToPks: conversion(spk, pks),
    },
  };
}

// W1 = days 1–7, W2 = 8–14, W3 = 15–21, W4 = 22 to the end of the month.
export function weekOfMonth(date: string): 1 | 2 | 3 | 4 {
  return Math.min(4, Math.floor((Number(date.slice(8, 10)) - 1) / 7) + 1) as 1 | 2 | 3 | 4;
}

export interface WeekCounts {
  week: 1 | 2 | 3 | 4;
  appointments: number;
  visits: number; // Visit activities only
  quotations: number;
  spk: number;
  pks: number;
}

export function weeklyFunnel(userId: number, events: FunnelEvents): WeekCounts[] {
  return ([1, 2, 3, 4] as const).map((week) => {
    const inWeek = <T extends { date: string }>(rows: T[]) => rows.filter((r) => weekOfMonth(r.date) === week);
    const mine = (records: RecordEvent[]) => inWeek(records).filter((r) => r.salesUserId === userId).length;
    return {
      week,
      appointments: inWeek(events.activities).filter(appointmentOf(userId)).length,
      visits: inWeek(events.activities).filter((a) => a.createdBy === userId && a.type === 'Visit').length,
      quotations: mine(events.quotations),
      spk: mine(events.spks),
      pks: mine(events.pks),
    };
  });
}

// Telesales: the leads a telesales user brought in during the period, how many of them reached a salesperson, and
// how many of those got an appointment — one cohort followed through, so the percentages never exceed 100.
export interface TelesalesLead {
  date: string;
  createdBy: number | null;
  assigned: boolean;
  hasAppointment: boolean;
}

export interface TelesalesFunnel {
  leads: number;
  assigned: number;
  appointments: number;
  conversion: { leadToAssignment: number; assignmentToAppointment: number };
}

export function telesalesFunnel(userId: number, leads: TelesalesLead[]): TelesalesFunnel {
  const own = leads.filter((l) => l.createdBy === userId);
  const assigned = own.filter((l) => l.assigned);
  const appointments = assigned.filter((l) => l.hasAppointment).length;
  return {
    leads: own.length,
    assigned: assigned.length,
    appointments,
    conversion: {
      leadToAssignment: conversion(own.length, assigned.length),
      assignmentToAppointment: conversion(assigned.length, appointments),
    },
  };
}

// Quotation conversion per salesperson: of the new quotations made in the period, how many were submitted,
// approved (or went further), converted into an SPK, or closed as lost / declined; the win rate is the share
// converted of those the customer decided on (won, lost or declined).
export interface QuotationOutcome {
  salesUserId: number;
  status: string;
  // A lost quotation's history: whether it had been submitted and approved before it was lost.
  outcome?: 'lost' | 'declined' | null;
  wasSubmitted?: boolean;
  wasApproved?: boolean;
}

const REACHED_APPROVAL = ['approved', 'converted', 'expired'];

export function quotationConversion(quotations: QuotationOutcome[]) {
  const byUser = new Map<number, QuotationOutcome[]>();
  for (const q of quotations) byUser.set(q.salesUserId, [...(byUser.get(q.salesUserId) ?? []), q]);
  return [...byUser.entries()]
    .sort(([a], [b]) => a - b)
    .map(([salesUserId, rows]) => {
      const isLost = (q: QuotationOutcome) => q.status === 'lost';
      const submitted = rows.filter((q) =>
        isLost(q) ? q.wasSubmitted : q.status !== 'draft' && q.status !== 'cancelled',
      ).length;
      const approved = rows.filter((q) => (isLost(q) ? q.wasApproved : REACHED_APPROVAL.includes(q.status))).length;
      const converted = rows.filter((q) => q.status === 'converted').length;
      const lost = rows.filter((q) => isLost(q) && q.outcome !== 'declined').length;
      const declined = rows.filter((q) => isLost(q) && q.outcome === 'declined').length;
      return {
        salesUserId,
        created: rows.length,
        submitted,
        approved,
        converted,
        lost,
        declined,
        approvalRate: conversion(submitted, approved),
        conversionRate: conversion(rows.length, converted),
        winRate: conversion(converted + lost + declined, converted),
      };
    });
}
