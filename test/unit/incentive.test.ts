import { incentives } from '../../src/domain/incentive';

const SALES = 29;
const LEADER = 31;

it('applies the role’s rate in force each month, rounding to sen', () => {
  const roles = new Map([
    [1, SALES],
    [2, LEADER],
  ]);
  const rates = [
    { roleId: SALES, ratePercent: 1.5, validFrom: '2026-07-20' }, // a rate recorded mid-July counts for all of July
    { roleId: SALES, ratePercent: 1, validFrom: '2026-01-01' },
  ];
  const rows = incentives(
    [
      { userId: 1, month: '2026-06', amount: 10_000_000 },
      { userId: 1, month: '2026-07', amount: 12_345_678.9 },
      { userId: 2, month: '2026-07', amount: 5_000_000 },
    ],
    roles,
    rates,
  );
  // 1 % of 10,000,000; 1.5 % of 12,345,678.90 = 185,185.1835 → 185,185.18; no rate for leaders yet.
  expect(rows.map((r) => [r.userId, r.month, r.ratePercent, r.incentive])).toEqual([
    [1, '2026-06', 1, 100_000],
    [1, '2026-07', 1.5, 185_185.18],
    [2, '2026-07', null, 0],
  ]);
});
