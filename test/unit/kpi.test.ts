import { kpi, statusOf, type Target } from '../../src/domain/kpi';

const t = (over: Partial<Target>): Target => ({
  type: 'personal',
  periodType: 'monthly',
  year: 2026,
  month: 6,
  targetAmount: 0,
  userId: null,
  branchId: null,
  ...over,
});

it('maps achievement to status', () => {
  expect([statusOf(100), statusOf(80), statusOf(79.99), statusOf(null)]).toEqual([
    'achieved',
    'on_track',
    'under_target',
    'no_target',
  ]);
});

it('measures each salesperson against personal, else branch, else company targets, and ranks them', () => {
  const targets = [
    t({ userId: 1, targetAmount: 10_000_000 }), // Alice personal: 12,000,000 / 10,000,000 = 120 %
    t({ type: 'branch', branchId: 5, targetAmount: 20_000_000 }), // Bob has no personal target: 9,000,000 / 20,000,000 = 45 %
    t({ type: 'company', targetAmount: 10_000_000 }), // Carol (no branch): 8,500,000 / 10,000,000 = 85 %
    t({ userId: 1, month: 7, targetAmount: 1 }), // another month: ignored
  ];
  const result = kpi(
    [
      { userId: 1, branchId: 5, period: '2026-06', amount: 12_000_000 },
      { userId: 2, branchId: 5, period: '2026-06', amount: 9_000_000 },
      { userId: 3, branchId: null, period: '2026-06', amount: 8_500_000 },
    ],
    targets,
    'monthly',
  );
  expect(result.data.map((r) => [r.userId, r.status, r.rank])).toEqual([
    [1, 'achieved', 1],
    [3, 'on_track', 2],
    [2, 'under_target', 3],
  ]);
  expect(result.data[0].achievement).toEqual({ personal: 120, branch: 60, company: 120 });
  expect(result.summary).toEqual({
    totalActual: 29_500_000,
    totalPersonalTarget: 10_000_000,
    averagePersonalAchievement: 120,
    statuses: { achieved: 1, on_track: 1, under_target: 1, no_target: 0 },
  });
});

it('reports no target when none applies, for yearly periods too', () => {
  const result = kpi(
    [{ userId: 9, branchId: null, period: '2026', amount: 5 }],
    [t({ userId: 9, periodType: 'yearly', month: null, targetAmount: 10 })],
    'yearly',
  );
  expect(result.data[0]).toMatchObject({
    achievement: { personal: 50, branch: null, company: null },
    status: 'under_target',
    rank: 1,
  });
  expect(kpi([{ userId: 9, branchId: null, period: '2026-01', amount: 5 }], [], 'monthly').data[0].status).toBe(
    'no_target',
  );
});
