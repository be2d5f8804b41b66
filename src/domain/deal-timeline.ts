// A lead's deal file as one timeline: customer and sales activities, lead status changes and the milestones of its
// quotations, SPKs and contracts, newest first. Pure: the service reads the rows.

export interface TimelineEvent {
  date: string; // the Jakarta calendar day it happened
  at: string | null; // the moment, where one was recorded
  kind: 'customer-activity' | 'sales-activity' | 'lead-status' | 'quotation' | 'spk' | 'pks';
  title: string;
  detail: string | null;
  by: string | null;
  documentId: number | null;
}

// Newest first: by day, then by moment (events without one last within their day), then by kind and title so the
// order is stable.
export function timeline(events: TimelineEvent[]): TimelineEvent[] {
  return [...events].sort(
    (a, b) =>
      b.date.localeCompare(a.date) ||
      (b.at ?? '').localeCompare(a.at ?? '') ||
      a.kind.localeCompare(b.kind) ||
      a.title.localeCompare(b.title),
  );
}
