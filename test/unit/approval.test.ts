import { approvalFacts, requiredLevels, type ApprovalLevelDef } from '../../src/domain/quotation/approval';

const defs: ApprovalLevelDef[] = [
  {
    level: 2,
    name: 'Direktur Keuangan',
    roleCode: 'dir_finance',
    condition: 'long_top_or_thr_not_provisioned',
    isEnabled: true,
    escalationHours: 24,
    escalationRoleCode: null,
  },
  {
    level: 1,
    name: 'Direktur Sales',
    roleCode: 'dir_sales',
    condition: 'always',
    isEnabled: true,
    escalationHours: 24,
    escalationRoleCode: null,
  },
  {
    level: 3,
    name: 'GM Operasional',
    roleCode: 'gm_operations',
    condition: 'always',
    isEnabled: false,
    escalationHours: 24,
    escalationRoleCode: null,
  },
];
const roles = (facts: { topDays: number | null; anyThrNotProvisioned: boolean }) =>
  requiredLevels(defs, facts).map((l) => l.roleCode);

it('always needs the Director of Sales, in level order, skipping disabled levels', () => {
  expect(roles({ topDays: 7, anyThrNotProvisioned: false })).toEqual(['dir_sales']);
  expect(roles({ topDays: null, anyThrNotProvisioned: false })).toEqual(['dir_sales']);
});

it('adds the Director of Finance for a term over 7 days or a THR not provisioned', () => {
  expect(roles({ topDays: 8, anyThrNotProvisioned: false })).toEqual(['dir_sales', 'dir_finance']);
  expect(roles({ topDays: 7, anyThrNotProvisioned: true })).toEqual(['dir_sales', 'dir_finance']);
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
  expect(approvalFacts({ 2: terms({ kind: 'days', days: 30 }), 4: step4('provisioned') })).toEqual({
    topDays: 30,
    anyThrNotProvisioned: false,
  });
  expect(approvalFacts({ 2: terms({ kind: 'non_top' }), 4: step4('manual') })).toEqual({
    topDays: null,
    anyThrNotProvisioned: true,
  });
});
