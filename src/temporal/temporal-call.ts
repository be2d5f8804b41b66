// What Temporal answers to a call, in domain terms: a rejected update is the caller's refusal, a run the caller waited
// for that failed on its own rule is a conflict, and no server or worker answering in time is an outage.
import { WorkflowFailedError } from '@temporalio/client';
import { ActivityFailure, ApplicationFailure } from '@temporalio/common';
import { conflict, Unavailable, type DomainError } from '../errors';
import { classifyCommandError } from './command-outcome';

export function temporalFailure(error: unknown, what: string): DomainError | null {
  // A run the caller waited for ended failed (a document that could not be rendered): its own refusals are the
  // caller's conflict; anything else (LibreOffice down…) is an outage to retry, never a 500.
  if (error instanceof WorkflowFailedError) {
    const cause = error.cause instanceof ActivityFailure ? error.cause.cause : error.cause;
    if (cause instanceof ApplicationFailure && (cause.type === 'NotPriced' || cause.type === 'StaleVersion'))
      return conflict(cause.message);
    return new Unavailable(`${what} could not be produced now (${cause?.message ?? error.message}); retry later`, 30);
  }
  // Refusals as the workflow stated them (classified once, for Update commands too); for a call the caller waited on,
  // a late or unreachable server is the same outage.
  const failure = classifyCommandError(error, what);
  if (!failure) return null;
  if (failure.kind === 'refused') return failure.error;
  return new Unavailable('the workflow service did not answer in time; retry with the same Idempotency-Key');
}

// Runs a Temporal call with a deadline so a missing worker becomes an outage instead of a hung request.
export async function callTemporal<T>(
  what: string,
  timeoutMs: number,
  withDeadline: <R>(deadline: number, fn: () => Promise<R>) => Promise<R>,
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await withDeadline(Date.now() + timeoutMs, fn);
  } catch (error) {
    throw temporalFailure(error, what) ?? error;
  }
}
