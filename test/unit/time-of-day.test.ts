import { durationMinutes, minutesOfDay } from '../../src/domain/time-of-day';

it('counts minutes of the day and durations', () => {
  expect(minutesOfDay('00:00')).toBe(0);
  expect(minutesOfDay('23:59')).toBe(1439);
  expect(durationMinutes('09:15', '11:00')).toBe(105);
  expect(durationMinutes('09:15', null)).toBeNull();
  expect(durationMinutes(undefined, '10:00')).toBeNull();
});
