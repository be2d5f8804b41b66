// RFC 7807 problem details: the one error shape of the API. Domain errors (src/errors.ts) thrown anywhere
// below are mapped here; HTTP-only problems (401, 429, 503 with their headers) are made here.
import { DomainError, RateLimited, Unavailable, type DomainErrorKind, type FieldError } from '../errors';

export { conflict, forbidden, invalid, notFound, type FieldError } from '../errors';

export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail?: string,
    readonly errors: FieldError[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? title);
  }

  get type(): string {
    return `https://cais.example/problems/${this.title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  }
}

const STATUS_OF: Record<DomainErrorKind, [number, string]> = {
  invalid: [422, 'Validation failed'],
  forbidden: [403, 'Forbidden'],
  'not-found': [404, 'Not found'],
  conflict: [409, 'Conflict'],
  unavailable: [503, 'Service unavailable'],
  'rate-limited': [429, 'Too many requests'],
};

// The problem an error stands for, or null when it is not one the API knows how to explain.
export function asProblem(error: unknown): HttpProblem | null {
  if (error instanceof HttpProblem) return error;
  if (error instanceof RateLimited) return tooManyRequests(error.message, error.retryAfterSeconds);
  if (error instanceof Unavailable) return unavailable(error.message, error.retryAfterSeconds);
  if (error instanceof DomainError) {
    const [status, title] = STATUS_OF[error.kind];
    return new HttpProblem(status, title, error.message, error.errors);
  }
  return null;
}

export const unauthorized = (detail: string) =>
  new HttpProblem(401, 'Unauthorized', detail, [], { 'WWW-Authenticate': 'Bearer' });
export const tooManyRequests = (detail: string, retryAfterSeconds: number) =>
  new HttpProblem(429, 'Too many requests', detail, [], { 'Retry-After': String(retryAfterSeconds) });
// With `retryAfterSeconds`, the client is told when to come back (an outage rather than a missing capability).
export const unavailable = (detail: string, retryAfterSeconds?: number) =>
  new HttpProblem(
    503,
    'Service unavailable',
    detail,
    [],
    retryAfterSeconds === undefined ? {} : { 'Retry-After': String(retryAfterSeconds) },
  );
