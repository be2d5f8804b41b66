import type { QuotationSteps } from '../../src/domain/quotation/steps';
import {
  copySite,
  CopyError,
  diff,
  keepSites,
  revisionNumber,
  stepsForNewVersion,
} from '../../src/domain/quotation/versions';

const pay = (key: string) => ({
  key,
  wage: { basis: 'umk' as const },
  thr: { mode: 'provisioned' as const },
  compensation: { mode: 'none' as const },
  holidayAllowance: { mode: 'none' as const },
  overtime: { mode: 'none' as const },
});
const steps: QuotationSteps = {
  contractKind: 'PKWT',
  2: {
    startDate: '2026-01-01',
    endDate: '2026-12-31',
    duration: { value: 12, unit: 'bulan' },
    salaryRuleId: 1,
    top: { kind: 'days', days: 14 },
  },
  3: {
    sites: [
      { key: 'a', name: 'A', provinceCode: '32', cityCode: '32.75' },
      { key: 'b', name: 'B', provinceCode: '31', cityCode: '31.71' },
    ],
    positions: [
      { key: 'g', siteKey: 'a', positionId: 1, hc: 2, requirements: [], allowances: [{ name: 'Makan', amount: 100 }] },
      { key: 'h', siteKey: 'b', positionId: 1, hc: 1, requirements: [], allowances: [] },
    ],
  },
  4: {
    positions: [pay('g'), pay('h')],
    managementFee: { base: 7, percent: 10 },
    ppn: true,
    taxBasis: 'management_fee',
    bankInterestPercent: 0,
    incentivePercent: 0,
  },
  7: { kaporlap: [{ positionKey: 'g', itemId: 1, name: 'Seragam', price: 100, quantity: 2 }] },
  8: {
    devices: [
      { siteKey: 'a', itemId: 2, name: 'HT', price: 1000, quantity: 1 },
      { siteKey: 'b', itemId: 2, name: 'HT', price: 1000, quantity: 3 },
    ],
  },
  12: { confirmed: true },
};

it('numbers revisions from the root', () => {
  expect(revisionNumber('QUOT/ION/AAAAA/012026-00001', 1)).toBe('QUOT/ION/AAAAA/012026-00001-R1');
  expect(revisionNumber('QUOT/ION/AAAAA/012026-00001-R1', 2)).toBe('QUOT/ION/AAAAA/012026-00001-R2');
});

it('copies what each type takes from its reference', () => {
  expect(stepsForNewVersion('revisi', steps, 100)).toEqual({ steps, step: 100 });
  const renewal = stepsForNewVersion('rekontrak', steps, 100);
  expect(renewal.step).toBe(1);
  expect(renewal.steps[2]).toBeUndefined();
  expect(renewal.steps[12]).toBeUndefined();
  expect(renewal.steps[3]).toEqual(steps[3]);
  expect(stepsForNewVersion('addendum', steps, 100)).toEqual({ steps: { contractKind: 'PKWT', 2: steps[2] }, step: 2 });
});

it('copies one site’s positions, wages, kaporlap and items onto another', () => {
  const copied = copySite(steps, 'a', 'b');
  expect(copied[3]!.positions.map((p) => `${p.key}:${p.siteKey}`)).toEqual(['g:a', 'h:b', 'g@b:b']);
  expect(copied[3]!.positions[2].allowances).toEqual([{ name: 'Makan', amount: 100 }]);
  expect(copied[4]!.positions.map((p) => p.key)).toEqual(['g', 'h', 'g@b']);
  expect(copied[7]!.kaporlap.map((k) => k.positionKey)).toEqual(['g', 'g@b']);
  expect(copied[8]!.devices.map((d) => `${d.siteKey}:${d.quantity}`)).toEqual(['a:1', 'b:3', 'b:1']);
  expect(copySite(copied, 'a', 'b')[3]!.positions.map((p) => p.key)).toContain('g@b-2');
  expect(() => copySite(steps, 'a', 'z')).toThrow(CopyError);
  expect(() => copySite(steps, 'a', 'a')).toThrow('onto itself');
});

it('lists what changed, by path', () => {
  expect(diff({ a: 1, b: { c: [1, 2] }, d: 'x' }, { a: 1, b: { c: [1, 3] }, e: true })).toEqual([
    { path: 'b.c.1', before: 2, after: 3 },
    { path: 'd', before: 'x', after: null },
    { path: 'e', before: null, after: true },
  ]);
});

it('keeps only the sites sent back, with their positions, wages, kaporlap and items', () => {
  const kept = keepSites(steps, ['b']);
  expect(kept[3]!.sites.map((s) => s.key)).toEqual(['b']);
  expect(kept[3]!.positions.map((p) => p.key)).toEqual(['h']);
  expect(kept[4]!.positions.map((p) => p.key)).toEqual(['h']);
  expect(kept[7]!.kaporlap).toEqual([]);
  expect(kept[8]!.devices).toEqual([{ siteKey: 'b', itemId: 2, name: 'HT', price: 1000, quantity: 3 }]);
  expect(kept[2]).toEqual(steps[2]);
  expect(() => keepSites(steps, ['z'])).toThrow(CopyError);
});
