import { activitySequenceKey, formatActivityNumber } from '../../src/domain/activity-number';

it('numbers activities per service, lead and month', () => {
  expect(formatActivityNumber(activitySequenceKey('SG', 'AAAAB', 2026, 3), 12)).toBe('CAT/SG/AAAAB-032026-00012');
  expect(activitySequenceKey(null, 'AAAAB', 2026, 11)).toBe('CAT/NN/AAAAB-112026');
  expect(() => formatActivityNumber('CAT/NN/AAAAB-112026', 0)).toThrow(RangeError);
  expect(() => activitySequenceKey('SG', 'AAAAB', 2026, 13)).toThrow(RangeError);
});
