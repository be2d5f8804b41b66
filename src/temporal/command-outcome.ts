// What Temporal's answer to a command means for the business: a rejected Update is the validator's domain error, a
// run that no longer exists refuses commands (conflict), an Update not finished by the deadline may still be applied
// (pending), and an unreachable server applied nothing yet (unavailable).
import {
  isGrpcServiceError,
  ServiceError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { conflict, DomainError, forbidden, invalid, notFound } from '../errors';
import { REJECTION_TYPES } from '../../workflows/quotation-contract';

// gRPC status UNAVAILABLE: the server could not be reached (no request was taken in).
const GRPC_UNAVAILABLE = 14;

export type CommandFailure = { kind: 'refused'; error: DomainError } | { kind: 'pending' } | { kind: 'unavailable' };

function fieldOf(failure: ApplicationFailure): string | undefined {
  const detail = failure.details?.[0] as { field?: string } | undefined;
  return detail?.field;
}

function grpcCode(error: unknown): number | undefined {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) if (isGrpcServiceError(e)) return e.code;
  return undefined;
}

// Null when the error is none of Temporal's answers (a bug, to be logged as such).
export function classifyCommandError(error: unknown, what: string): CommandFailure | null {
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    const failure = error.cause;
    const field = fieldOf(failure);
    const errors = field ? [{ field, message: failure.message }] : [];
    const refused = (e: DomainError): CommandFailure => ({ kind: 'refused', error: e });
    if (failure.type === REJECTION_TYPES.conflict) return refused(conflict(failure.message, errors));
    if (failure.type === REJECTION_TYPES.forbidden) return refused(forbidden(failure.message));
    if (failure.type === REJECTION_TYPES.invalid)
      return refused(invalid(errors.length ? errors : [{ field: 'body', message: failure.message }], failure.message));
    if (failure.type === 'NotFound') return refused(notFound(what));
    return null;
  }
  if (error instanceof WorkflowNotFoundError)
    return { kind: 'refused', error: conflict(`${what} has no running process and accepts no commands`) };
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return { kind: 'pending' };
  if (error instanceof ServiceError || isGrpcServiceError(error)) {
    const code = grpcCode(error);
    return code === GRPC_UNAVAILABLE ? { kind: 'unavailable' } : { kind: 'pending' };
  }
  return null;
}
