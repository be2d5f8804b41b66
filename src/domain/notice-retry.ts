// When a notice that failed is tried again: a minute after the first failure, doubling to at most half an hour, so a
// short hiccup costs a minute and an outage of hours a handful of attempts per notice.
export const FIRST_RETRY_SECONDS = 60;
export const MAX_RETRY_SECONDS = 30 * 60;

export function retryDelaySeconds(failedAttempts: number): number {
  return Math.min(MAX_RETRY_SECONDS, FIRST_RETRY_SECONDS * 2 ** Math.min(Math.max(failedAttempts - 1, 0), 16));
}
