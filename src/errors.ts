// Domain errors: what a rule or a query below the API says went wrong, in business terms. The API maps each
// kind to its HTTP status (src/api/problem.ts); nothing below src/api/ knows about HTTP.

export interface FieldError {
  field: string;
  message: string;
  // The validator's rule that refused the field (e.g. "string.max"); absent for business rules and references.
  code?: string;
}

export type DomainErrorKind = 'invalid' | 'forbidden' | 'not-found' | 'conflict' | 'unavailable' | 'rate-limited';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
  }
}

// Too many attempts of something costly in a window; the caller may come back after `retryAfterSeconds`.
export class RateLimited extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('rate-limited', message);
  }
}

// A service this one needs did not answer (the workflow service, a renderer); with `retryAfterSeconds`, the caller is
// told when to come back.
export class Unavailable extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super('unavailable', message);
  }
}

export const invalid = (errors: FieldError[], detail = errors.map((e) => e.message).join('; ')) =>
  new DomainError('invalid', detail, errors);
export const forbidden = (detail = 'you do not have access to this') => new DomainError('forbidden', detail);
export const notFound = (what: string) => new DomainError('not-found', `${what} not found`);
export const conflict = (detail: string, errors: FieldError[] = []) => new DomainError('conflict', detail, errors);
