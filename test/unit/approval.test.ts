import { approvalFacts, requiredLevels, type ApprovalLevelDef } from '../../src/domain/quotation/approval';

const defs: ApprovalLevelDef[] = [
  {
    level: 2,
    name: 'Direktur Keuangan',
    roleCode: 'dir_finance',
    rule: { topDaysOver: 7, thrNotProvisioned: true },
    escalationHours: 24,
    escalationRoleCode: null,
  },
  {
    level: 1,
    name: 'Direktur Sales',
    roleCode: 'dir_sales',
    rule: { always: true },
    escalationHours: 24,
    escalationRoleCode: null,
  },
  {
    level: 3,
    name: 'GM Operasional',
    roleCode: 'gm_operations',
    rule: { grossMarginBelow: 8 },
    escalationHours: 24,
    escalationRoleCode: null,
  },
];
const roles = (facts: { topDays: number | null; anyThrNotProvisioned: boolean; grossMarginPercent?: number | null }) =>
  requiredLevels(defs, { grossMarginPercent: null, ...facts }).map((l) => l.roleCode);

it('always needs the Director of Sales, in level order', () => {
  expect(roles({ topDays: 7, anyThrNotProvisioned: false })).toEqual(['dir_sales']);
  expect(roles({ topDays: null, anyThrNotProvisioned: false })).toEqual(['dir_sales']);
});

it('adds the Director of Finance for a term over 7 days or a THR not provisioned', () => {
  expect(roles({ topDays: 8, anyThrNotProvisioned: false })).toEqual(['dir_sales', 'dir_finance']);
  expect(roles({ topDays: 7, anyThrNotProvisioned: true })).toEqual(['dir_sales', 'dir_finance']);
});

it('adds a level for a gross margin below its threshold, never for a quotation not yet priced', () => {
  expect(roles({ topDays: 7, anyThrNotProvisioned: false, grossMarginPercent: 7.99 })).toEqual([
    'dir_sales',
    'gm_operations',
  ]);
  expect(roles({ topDays: 7, anyThrNotProvisioned: false, grossMarginPercent: 8 })).toEqual(['dir_sales']);
  expect(roles({ topDays: 7, anyThrNotProvisioned: false, grossMarginPercent: null })).toEqual(['dir_sales']);
});

it('reads the facts from the saved steps', () => {
  const pay = (mode: 'provisioned' | 'manual' | 'none') => ({
    key: 'a',
    wage: { basis: 'umk' as const },
    thr: { mode },
    compensation: { mode: 'none' as const },
    holidayAllowance: { mode: 'none' as const },
    overtime: { mode: 'none' as const },
  });
  const step4 = (mode: 'provisioned' | 'manual' | 'none') => ({
    positions: [pay(mode)],
    managementFee: { base: 7 as const, percent: 10 },
    ppn: true,
    taxBasis: 'management_fee' as const,
    bankInterestPercent: 0,
    incentivePercent: 0,
  });
  const terms = (top: { kind: 'non_top' | 'days'; days?: number }) => ({
    startDate: '2026-01-01',
    endDate: '2026-12-31',
    duration: { value: 12, unit: 'bulan' as const },
    salaryRuleId: 1,
    top,
  });
  expect(approvalFacts({ 2: terms({ kind: 'days', days: 30 }), 4: step4('provisioned') }, 9.09)).toEqual({
    topDays: 30,
    anyThrNotProvisioned: false,
    grossMarginPercent: 9.09,
  });
  expect(approvalFacts({ 2: terms({ kind: 'non_top' }), 4: step4('manual') })).toEqual({
    topDays: null,
    anyThrNotProvisioned: true,
    grossMarginPercent: null,
  });
});
