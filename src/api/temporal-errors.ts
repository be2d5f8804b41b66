// Maps what Temporal answers to a command onto HTTP problems: a rejected update is the caller's 409/422,
// a workflow that no longer runs is a 409, and no server or worker answering in time is a 503.
import { WorkflowFailedError } from '@temporalio/client';
import { ActivityFailure, ApplicationFailure } from '@temporalio/common';
import { classifyCommandError } from '../temporal/command-outcome';
import { asProblem, conflict, HttpProblem, unavailable } from './problem';

export function toProblem(error: unknown, what: string): HttpProblem | null {
  // A run the API waited for ended failed (a document that could not be rendered): its own refusals are the caller's
  // 409; anything else (LibreOffice down…) is an outage to retry, never a 500.
  if (error instanceof WorkflowFailedError) {
    const cause = error.cause instanceof ActivityFailure ? error.cause.cause : error.cause;
    if (cause instanceof ApplicationFailure && (cause.type === 'NotPriced' || cause.type === 'StaleVersion'))
      return asProblem(conflict(cause.message));
    return unavailable(`${what} could not be produced now (${cause?.message ?? error.message}); retry later`, 30);
  }
  // Refusals as the workflow stated them (classified once, for Update commands too); for a call the caller waited on,
  // a late or unreachable server is the same 503.
  const failure = classifyCommandError(error, what);
  if (!failure) return null;
  if (failure.kind === 'refused') return asProblem(failure.error);
  return unavailable('the workflow service did not answer in time; retry with the same Idempotency-Key');
}

// Runs a Temporal call with a deadline so a missing worker becomes a 503 instead of a hung request.
export async function callTemporal<T>(
  what: string,
  timeoutMs: number,
  withDeadline: <R>(deadline: number, fn: () => Promise<R>) => Promise<R>,
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await withDeadline(Date.now() + timeoutMs, fn);
  } catch (error) {
    throw toProblem(error, what) ?? error;
  }
}
