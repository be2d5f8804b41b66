// Revenue golden cases, computed by hand in the comments.
import {
  contractMonths,
  monthsBetween,
  revenueRows,
  revenueSummary,
  type ContractRevenueSource,
} from '../../src/domain/revenue';

const alice = 1;
const bob = 2;
const contracts: ContractRevenueSource[] = [
  // Mid-year start and end: Mar–Oct 2026 (8 months) × 10,000,000.
  { contractId: 1, salesUserId: alice, start: '2026-03-15', end: '2026-10-10', monthlyAmount: 10_000_000 },
  // Crosses the year: Nov 2025 – Feb 2026 × 4,000,000; an addendum raises it to 5,000,000 from Jan 2026.
  {
    contractId: 2,
    salesUserId: alice,
    start: '2025-11-01',
    end: '2026-02-28',
    monthlyAmount: 4_000_000,
    amendments: [{ effectiveMonth: '2026-01', monthlyAmount: 5_000_000 }],
  },
  // Bob: Jan–Dec 2026 × 2,500,000.50, terminated on 2026-04-20 → Jan–Apr only.
  {
    contractId: 3,
    salesUserId: bob,
    start: '2026-01-01',
    end: '2026-12-31',
    monthlyAmount: 2_500_000.5,
    terminatedOn: '2026-04-20',
  },
  // A renewal of contract 3 starting May: May–Dec 2026 × 3,000,000.
  { contractId: 4, salesUserId: bob, start: '2026-05-01', end: '2026-12-31', monthlyAmount: 3_000_000 },
  // No salesperson: counted for nobody.
  { contractId: 5, salesUserId: null, start: '2026-01-01', end: '2026-12-31', monthlyAmount: 1 },
];

it('counts calendar months inclusively, across years', () => {
  expect(monthsBetween('2025-11-30', '2026-02-01')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  expect(monthsBetween('2026-04-01', '2026-03-31')).toEqual([]);
  expect(monthsBetween('2026-03-31', '2026-03-01')).toEqual(['2026-03']);
  expect(contractMonths(contracts[1]).map((m) => m.amount)).toEqual([4_000_000, 4_000_000, 5_000_000, 5_000_000]);
  expect(contractMonths(contracts[2])).toHaveLength(4);
});

it('sums per salesperson per month for a year', () => {
  const rows = revenueRows(contracts, { year: 2026 });
  const of = (user: number, month: string) => rows.find((r) => r.userId === user && r.month === month)?.amount ?? 0;
  expect(of(alice, '2026-01')).toBe(5_000_000); // contract 2 after the addendum
  expect(of(alice, '2026-03')).toBe(10_000_000); // contract 1 starts
  expect(of(alice, '2026-11')).toBe(0); // contract 1 ended in October
  expect(of(bob, '2026-04')).toBe(2_500_000.5); // last month before termination
  expect(of(bob, '2026-05')).toBe(3_000_000); // the renewal
  // Alice 2026: 2 × 5,000,000 + 8 × 10,000,000 = 90,000,000. Bob: 4 × 2,500,000.50 + 8 × 3,000,000 = 34,000,002.
  const total = (user: number) => rows.filter((r) => r.userId === user).reduce((s, r) => s + r.amount, 0);
  expect(total(alice)).toBe(90_000_000);
  expect(total(bob)).toBe(34_000_002);
  expect(revenueSummary(rows)).toEqual({
    total: 124_000_002,
    users: 2,
    months: 12,
    averagePerUser: 62_000_001,
    averagePerMonth: 10_333_333.5,
  });
});

it('filters by month and by range', () => {
  expect(revenueRows(contracts, { year: 2026, month: 2 })).toEqual([
    { userId: alice, month: '2026-02', amount: 5_000_000 },
    { userId: bob, month: '2026-02', amount: 2_500_000.5 },
  ]);
  expect(revenueRows(contracts, { from: '2025-12', to: '2025-12' })).toEqual([
    { userId: alice, month: '2025-12', amount: 4_000_000 },
  ]);
});
