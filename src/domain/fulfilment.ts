// Fulfilment of an active contract (domain/contracts.md §11): the items each site must receive (from the quotation
// that priced it), their two-stage delivery (dispatch, then receipt), and the visits owed to the customer. Pure.
import type { QuotationSteps } from './quotation/steps';

export type ItemType = 'kaporlap' | 'device' | 'chemical';

export interface RequiredItem {
  type: ItemType;
  key: string; // catalogue item id, or the name of an item entered by hand
  name: string;
  quantity: number;
}

// What one site needs: kaporlap = quantity per person × headcount of its positions there; devices and chemicals =
// their quantity at the site. OHC is a service, not delivered goods. Lines of the same item are added up.
export function requiredItems(steps: QuotationSteps, siteKey: string): RequiredItem[] {
  const lines = new Map<string, RequiredItem>();
  const add = (type: ItemType, itemId: number | null | undefined, name: string, quantity: number) => {
    const key = itemId ? String(itemId) : `name:${name.trim().toLowerCase()}`;
    const existing = lines.get(`${type}|${key}`);
    if (existing) existing.quantity += quantity;
    else lines.set(`${type}|${key}`, { type, key, name, quantity });
  };
  const positions = (steps[3]?.positions ?? []).filter((p) => p.siteKey === siteKey);
  for (const k of steps[7]?.kaporlap ?? []) {
    const position = positions.find((p) => p.key === k.positionKey);
    if (position) add('kaporlap', k.itemId, k.name, k.quantity * position.hc);
  }
  for (const d of steps[8]?.devices ?? []) if (d.siteKey === siteKey) add('device', d.itemId, d.name, d.quantity);
  for (const c of steps[9]?.chemicals ?? []) if (c.siteKey === siteKey) add('chemical', c.itemId, c.name, c.quantity);
  return [...lines.values()].filter((l) => l.quantity > 0);
}

export type LineStatus = 'not_yet_fulfilled' | 'requested' | 'partially_fulfilled' | 'fully_fulfilled';

export interface LineQuantities {
  required: number;
  inTransit: number; // dispatched, not yet received
  received: number;
}

export function lineStatus(q: LineQuantities): LineStatus {
  if (q.received >= q.required) return 'fully_fulfilled';
  if (q.received > 0) return 'partially_fulfilled';
  return q.inTransit > 0 ? 'requested' : 'not_yet_fulfilled';
}

// How much may still be sent: neither received nor on its way.
export const dispatchable = (q: LineQuantities) => q.required - q.received - q.inTransit;

export interface OpenRequest {
  id: number;
  quantity: number;
}

// A receipt closes open dispatches oldest first: one fully covered is `received`; the one it runs out on is
// `short` (the rest of it may be dispatched again); later ones stay open.
export function allocateReceipt(
  open: OpenRequest[],
  quantity: number,
): Array<{ id: number; received: number; status: 'received' | 'short' }> {
  const closures: Array<{ id: number; received: number; status: 'received' | 'short' }> = [];
  let left = quantity;
  for (const request of open) {
    if (left <= 0) break;
    const received = Math.min(left, request.quantity);
    closures.push({ id: request.id, received, status: received === request.quantity ? 'received' : 'short' });
    left -= received;
  }
  if (left > 0) throw new RangeError(`only ${quantity - left} of ${quantity} were dispatched and not yet received`);
  return closures;
}

// Visits owed to the customer (§11.3): the matrix row for the service line and headcount gives visits per year.
export interface VisitTargetRow {
  serviceLineId: number;
  hcFrom: number;
  hcTo: number;
  category: string;
  visitsPerYear: number;
}

export function visitTargetFor(
  matrix: VisitTargetRow[],
  serviceLineId: number,
  headcount: number,
): VisitTargetRow | null {
  return matrix.find((r) => r.serviceLineId === serviceLineId && headcount >= r.hcFrom && headcount <= r.hcTo) ?? null;
}

const monthsOf = (start: string, end: string) =>
  (Number(end.slice(0, 4)) - Number(start.slice(0, 4))) * 12 + Number(end.slice(5, 7)) - Number(start.slice(5, 7)) + 1;

// Visits per year × whole contract years (at least one).
export const visitTotal = (visitsPerYear: number, start: string, end: string) =>
  visitsPerYear * Math.max(1, Math.ceil(monthsOf(start, end) / 12));

// ≥ 12 a year: monthly; ≥ 6: every 2 months; ≥ 4: quarterly; otherwise every 6 months.
export function visitIntervalMonths(visitsPerYear: number): number {
  if (visitsPerYear >= 12) return 1;
  if (visitsPerYear >= 6) return 2;
  if (visitsPerYear >= 4) return 3;
  return 6;
}

// Planned visit dates from the contract start, one interval apart, within the period and up to the target.
export function visitSchedule(start: string, end: string, visitsPerYear: number, target: number): string[] {
  const interval = visitIntervalMonths(visitsPerYear);
  const [year, month, day] = start.split('-').map(Number);
  const dates: string[] = [];
  for (let i = 0; dates.length < target; i++) {
    const first = new Date(Date.UTC(year, month - 1 + i * interval, 1));
    const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
    const date = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(day, lastDay)))
      .toISOString()
      .slice(0, 10);
    if (date > end) break;
    dates.push(date);
  }
  return dates;
}

export type SlotStatus = 'scheduled' | 'rescheduled' | 'done';

// A planned visit whose day has passed without a visit is missed (derived, so nothing has to mark it).
export const slotState = (slot: { status: SlotStatus; plannedDate: string }, today: string): SlotStatus | 'missed' =>
  slot.status !== 'done' && slot.plannedDate < today ? 'missed' : slot.status;

// Who records deliveries (contracts.md §11.1: pending business confirmation in the reference) and visits per team.
export const ITEM_ROLES = [
  'superadmin',
  'ro_manager',
  'gm_operations',
  'crm_officer',
  'crm_supervisor',
  'crm_manager',
  'operations',
];
export const VISIT_ROLES: Record<'operations' | 'crm', string[]> = {
  operations: ['superadmin', 'ro', 'ro_supervisor', 'ro_manager', 'gm_operations', 'operations'],
  crm: ['superadmin', 'crm_officer', 'crm_supervisor', 'crm_manager'],
};
export const VISIT_RESULTS = ['selesai', 'ada_kendala', 'ditunda'] as const;

// Deliveries are due `dueDays` after the contract could first receive them: its start, or its activation when that
// came later (nothing is dispatched to a contract that is not active yet).
export function fulfilmentDueDate(contractStart: string, activatedOn: string, dueDays: number): string {
  const from = activatedOn > contractStart ? activatedOn : contractStart;
  return new Date(Date.parse(`${from}T00:00:00Z`) + dueDays * 86_400_000).toISOString().slice(0, 10);
}

// An overdue contract is reminded about once a week, not every day the schedule runs.
export const OVERDUE_REMINDER_INTERVAL_DAYS = 7;

export function overdueReminderDue(input: { dueDate: string; lastRemindedOn: string | null; today: string }): boolean {
  if (input.today <= input.dueDate) return false;
  if (!input.lastRemindedOn) return true;
  return (
    Date.parse(`${input.today}T00:00:00Z`) - Date.parse(`${input.lastRemindedOn}T00:00:00Z`) >=
    OVERDUE_REMINDER_INTERVAL_DAYS * 86_400_000
  );
}
