// Sales KPI (domain/crm.md §9): each salesperson's revenue per period against personal, branch and company
// targets, with achievement, status and rank. Pure.

export type TargetType = 'personal' | 'branch' | 'company';
export type PeriodType = 'monthly' | 'yearly';

export interface Target {
  type: TargetType;
  periodType: PeriodType;
  year: number;
  month: number | null;
  targetAmount: number;
  userId: number | null;
  branchId: number | null;
}

export interface Actual {
  userId: number;
  branchId: number | null;
  period: string; // YYYY-MM (monthly) or YYYY (yearly)
  amount: number;
}

export type KpiStatus = 'achieved' | 'on_track' | 'under_target' | 'no_target';

const pct = (actual: number, target: number | undefined) =>
  target ? Math.round((actual / target) * 10000) / 100 : null;

export function statusOf(achievement: number | null): KpiStatus {
  if (achievement === null) return 'no_target';
  if (achievement >= 100) return 'achieved';
  if (achievement >= 80) return 'on_track';
  return 'under_target';
}

export function kpi(actuals: Actual[], targets: Target[], periodType: PeriodType) {
  const find = (type: TargetType, period: string, match: (t: Target) => boolean) =>
    targets.find(
      (t) =>
        t.type === type &&
        t.periodType === periodType &&
        t.year === Number(period.slice(0, 4)) &&
        (periodType === 'yearly' || t.month === Number(period.slice(5, 7))) &&
        match(t),
    )?.targetAmount;
  const rows = actuals.map((a) => {
    const personal = find('personal', a.period, (t) => t.userId === a.userId);
    const branch = find('branch', a.period, (t) => a.branchId !== null && t.branchId === a.branchId);
    const company = find('company', a.period, () => true);
    const achievement = {
      personal: pct(a.amount, personal),
      branch: pct(a.amount, branch),
      company: pct(a.amount, company),
    };
    const ranking = achievement.personal ?? achievement.branch ?? achievement.company;
    return {
      ...a,
      targets: { personal: personal ?? null, branch: branch ?? null, company: company ?? null },
      achievement,
      status: statusOf(ranking),
      rankBy: ranking,
      rank: 0,
    };
  });
  for (const period of new Set(rows.map((r) => r.period))) {
    rows
      .filter((r) => r.period === period)
      .sort((a, b) => (b.rankBy ?? -1) - (a.rankBy ?? -1) || a.userId - b.userId)
      .forEach((r, i) => (r.rank = i + 1));
  }
  const personal = rows.filter((r) => r.achievement.personal !== null);
  const statuses: Record<KpiStatus, number> = { achieved: 0, on_track: 0, under_target: 0, no_target: 0 };
  for (const r of rows) statuses[r.status] += 1;
  return {
    data: rows.map(({ rankBy: _, ...r }) => r).sort((a, b) => a.period.localeCompare(b.period) || a.rank - b.rank),
    summary: {
      totalActual: Math.round(rows.reduce((s, r) => s + r.amount * 100, 0)) / 100,
      totalPersonalTarget: rows.reduce((s, r) => s + (r.targets.personal ?? 0), 0),
      averagePersonalAchievement: personal.length
        ? Math.round((personal.reduce((s, r) => s + r.achievement.personal!, 0) / personal.length) * 100) / 100
        : null,
      statuses,
    },
  };
}
