import { previousMonth } from '../../workflows/revenue-close';

it('closes the month that just ended in Jakarta', () => {
  expect(previousMonth(Date.parse('2026-12-01T00:00:00Z'))).toBe('2026-11');
  expect(previousMonth(Date.parse('2026-01-01T00:00:00Z'))).toBe('2025-12');
  // 30 Nov 18:00 UTC is already 1 Dec in Jakarta.
  expect(previousMonth(Date.parse('2026-11-30T18:00:00Z'))).toBe('2026-11');
});
