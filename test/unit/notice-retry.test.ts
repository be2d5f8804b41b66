import { retryDelaySeconds } from '../../src/domain/notice-retry';

it('retries a failed notice after 1, 2, 4, 8, 16 minutes, then every 30 minutes', () => {
  expect([1, 2, 3, 4, 5, 6, 7, 50].map(retryDelaySeconds)).toEqual([60, 120, 240, 480, 960, 1800, 1800, 1800]);
});
