// The incentive report (domain/crm.md §11, NEW, optional): each salesperson's monthly revenue times the rate of
// their role in force that month. A rate recorded in a month applies to that whole month (no pro-rata, as revenue).
import Decimal from 'decimal.js';
import type { RevenueRow } from './revenue';

export interface IncentiveRate {
  roleId: number;
  ratePercent: number;
  validFrom: string; // YYYY-MM-DD
}

export interface IncentiveRow extends RevenueRow {
  ratePercent: number | null; // null: no rate recorded for the role yet
  incentive: number;
}

export function incentives(revenue: RevenueRow[], roleOf: Map<number, number>, rates: IncentiveRate[]): IncentiveRow[] {
  const sorted = [...rates].sort((a, b) => a.validFrom.localeCompare(b.validFrom));
  return revenue.map((r) => {
    const rate = sorted.filter((x) => x.roleId === roleOf.get(r.userId) && x.validFrom.slice(0, 7) <= r.month).pop();
    const incentive = rate
      ? new Decimal(r.amount).mul(rate.ratePercent).div(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toNumber()
      : 0;
    return { ...r, ratePercent: rate?.ratePercent ?? null, incentive };
  });
}
