// Maps what Temporal answers to a command onto HTTP problems: a rejected update is the caller's 409/422,
// a workflow that no longer runs is a 409, and no server or worker answering in time is a 503.
import {
  ServiceError,
  WorkflowFailedError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ActivityFailure, ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { REJECTION_TYPES } from '../../workflows/quotation-contract';
import { asProblem, conflict, forbidden, HttpProblem, invalid, notFound, unavailable } from './problem';

function fieldOf(failure: ApplicationFailure): string | undefined {
  const detail = failure.details?.[0] as { field?: string } | undefined;
  return detail?.field;
}

export function toProblem(error: unknown, what: string): HttpProblem | null {
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    const failure = error.cause;
    const field = fieldOf(failure);
    const errors = field ? [{ field, message: failure.message }] : [];
    if (failure.type === REJECTION_TYPES.conflict) return asProblem(conflict(failure.message, errors));
    if (failure.type === REJECTION_TYPES.forbidden) return asProblem(forbidden(failure.message));
    if (failure.type === REJECTION_TYPES.invalid)
      return asProblem(
        invalid(errors.length ? errors : [{ field: 'body', message: failure.message }], failure.message),
      );
    if (failure.type === 'NotFound') return asProblem(notFound(what));
    return null;
  }
  // A run the API waited for ended failed (a document that could not be rendered): its own refusals are the caller's
  // 409; anything else (LibreOffice down…) is an outage to retry, never a 500.
  if (error instanceof WorkflowFailedError) {
    const cause = error.cause instanceof ActivityFailure ? error.cause.cause : error.cause;
    if (cause instanceof ApplicationFailure && (cause.type === 'NotPriced' || cause.type === 'StaleVersion'))
      return asProblem(conflict(cause.message));
    const problem = unavailable(`${what} could not be produced now (${cause?.message ?? error.message}); retry later`);
    problem.headers['Retry-After'] = '30';
    return problem;
  }
  if (error instanceof WorkflowNotFoundError)
    return asProblem(conflict(`${what} has no running process and accepts no commands`));
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError || error instanceof ServiceError) {
    return unavailable('the workflow service did not answer in time; retry with the same Idempotency-Key');
  }
  return null;
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
