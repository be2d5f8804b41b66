// Sales revenue, defined explicitly (domain/crm.md §8, NEW): a contract earns its monthly invoice — from the
// contract's frozen commercial snapshot — for every calendar month it is active, from its start month to its end
// month inclusive (no pro-rata for partial months), attributed to the contract's salesperson. An addendum changes
// the amount from its effective month; a terminated contract stops after its termination month. Pure.

export interface ContractRevenueSource {
  contractId: number;
  salesUserId: number | null;
  start: string; // YYYY-MM-DD
  end: string;
  monthlyAmount: number;
  terminatedOn?: string | null;
  amendments?: Array<{ effectiveMonth: string; monthlyAmount: number }>; // YYYY-MM
}

export interface RevenueRow {
  userId: number;
  month: string; // YYYY-MM
  amount: number;
}

export interface RevenueFilter {
  year?: number;
  month?: number;
  from?: string; // YYYY-MM
  to?: string;
}

// Calendar months from the month of `start` to the month of `end`, inclusive.
export function monthsBetween(start: string, end: string): string[] {
  const months: string[] = [];
  let year = Number(start.slice(0, 4));
  let month = Number(start.slice(5, 7));
  const last = end.slice(0, 7);
  for (;;) {
    const key = `${year}-${String(month).padStart(2, '0')}`;
    if (key > last) return months;
    months.push(key);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
}

const inFilter = (month: string, f: RevenueFilter) =>
  (f.year === undefined || Number(month.slice(0, 4)) === f.year) &&
  (f.month === undefined || Number(month.slice(5, 7)) === f.month) &&
  (f.from === undefined || month >= f.from) &&
  (f.to === undefined || month <= f.to);

// Integer sen avoid binary rounding when many contracts add up.
const toSen = (rupiah: number) => Math.round(rupiah * 100);

export function contractMonths(c: ContractRevenueSource): Array<{ month: string; amount: number }> {
  const end = c.terminatedOn && c.terminatedOn < c.end ? c.terminatedOn : c.end;
  if (end < c.start) return [];
  const amendments = [...(c.amendments ?? [])].sort((a, b) => a.effectiveMonth.localeCompare(b.effectiveMonth));
  return monthsBetween(c.start, end).map((month) => {
    const applicable = amendments.filter((a) => a.effectiveMonth <= month).pop();
    return { month, amount: applicable ? applicable.monthlyAmount : c.monthlyAmount };
  });
}

export function revenueRows(contracts: ContractRevenueSource[], filter: RevenueFilter = {}): RevenueRow[] {
  const totals = new Map<string, number>();
  for (const c of contracts) {
    if (c.salesUserId === null) continue;
    for (const { month, amount } of contractMonths(c)) {
      if (!inFilter(month, filter)) continue;
      const key = `${c.salesUserId}|${month}`;
      totals.set(key, (totals.get(key) ?? 0) + toSen(amount));
    }
  }
  return [...totals.entries()]
    .map(([key, sen]) => ({ userId: Number(key.split('|')[0]), month: key.split('|')[1], amount: sen / 100 }))
    .sort((a, b) => a.month.localeCompare(b.month) || a.userId - b.userId);
}

export function revenueSummary(rows: RevenueRow[]) {
  const total = rows.reduce((s, r) => s + toSen(r.amount), 0) / 100;
  const users = new Set(rows.map((r) => r.userId)).size;
  const months = new Set(rows.map((r) => r.month)).size;
  const round2 = (v: number) => Math.round(v * 100) / 100;
  return {
    total,
    users,
    months,
    averagePerUser: users ? round2(total / users) : 0,
    averagePerMonth: months ? round2(total / months) : 0,
  };
}
