import { checkSpkChange, formatSpkNumber, spkSequenceKey } from '../../src/domain/spk';

it('numbers SPKs per entity, lead and day', () => {
  expect(formatSpkNumber(spkSequenceKey('GSU', 'AAAAB', '2026-11-24'), 3)).toBe('SPK/GSU/AAAAB-20261124-00003');
  expect(() => spkSequenceKey('GSU', 'AAAAB', '24-11-2026')).toThrow(RangeError);
  expect(() => formatSpkNumber('SPK/X', 100000)).toThrow(RangeError);
});

it('accepts changes until a PKS is made from the SPK', () => {
  expect(checkSpkChange({ spkId: 1, status: 'draft', version: 1 }, 'be signed')).toBeNull();
  expect(checkSpkChange({ spkId: 1, status: 'signed', version: 2 }, 'lose a site')).toBeNull();
  expect(checkSpkChange({ spkId: 1, status: 'in_pks', version: 3 }, 'be cancelled')).toEqual({
    kind: 'conflict',
    message: 'SPK is in_pks; it cannot be cancelled',
  });
  expect(checkSpkChange({ spkId: 1, status: 'cancelled', version: 3 }, 'be signed')?.kind).toBe('conflict');
});
