import { groupContracts, readContractRow, readRevenueRow } from '../../src/domain/go-live-sheet';

const cells = (over: Record<string, string> = {}) => ({
  number: 'K-1',
  customer: 'PT A',
  entity: 'GSU',
  serviceLine: 'Security',
  sales: 'Sales@Test.Local',
  start: '2026-01-01',
  end: '2027-01-01',
  monthlyInvoice: '1000.50',
  site: 'Pabrik',
  city: '32.75',
  headcount: '3',
  ...over,
});

it('reads a contract site row, lower-casing the e-mail, or names what is wrong', () => {
  expect(readContractRow(2, cells(), '2026-12-01').value).toMatchObject({
    sales: 'sales@test.local',
    monthlyInvoice: 1000.5,
    headcount: 3,
  });
  const bad = readContractRow(
    3,
    cells({ headcount: '2.5', city: '3275', monthlyInvoice: '-1', site: '' }),
    '2026-12-01',
  );
  expect(bad.value).toBeUndefined();
  expect(bad.errors.map((e) => e.field)).toEqual([
    'Kontrak.3.site',
    'Kontrak.3.monthlyInvoice',
    'Kontrak.3.headcount',
    'Kontrak.3.city',
  ]);
  expect(readContractRow(4, cells({ end: '2026-11-30' }), '2026-12-01').errors[0].message).toMatch(/has ended/);
});

it('reads a revenue row of a month before the current one only', () => {
  expect(readRevenueRow(2, { month: '2026-11', sales: 'a@b.c', amount: '5' }, '2026-12').value).toEqual({
    row: 2,
    month: '2026-11',
    sales: 'a@b.c',
    amount: 5,
  });
  expect(readRevenueRow(3, { month: '2026-12', sales: 'a@b.c', amount: '5' }, '2026-12').errors[0].field).toBe(
    'Pendapatan.3.month',
  );
});

it('groups site rows by contract and names a row whose contract columns differ', () => {
  const rows = [2, 3, 4].map(
    (row) => readContractRow(row, cells(row === 4 ? { number: 'K-2' } : {}), '2026-12-01').value!,
  );
  rows[1] = { ...rows[1], monthlyInvoice: 9 };
  const { contracts, errors } = groupContracts(rows);
  expect(contracts.map((c) => c.map((r) => r.row))).toEqual([[2, 3], [4]]);
  expect(errors).toEqual([
    { field: 'Kontrak.3.monthlyInvoice', message: 'differs from row 2 of the same contract K-1' },
  ]);
});
