// RFC 7807 problem details: the one error shape of the API.

export interface FieldError {
  field: string;
  message: string;
}

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

export const invalid = (errors: FieldError[], detail = errors.map((e) => e.message).join('; ')) =>
  new HttpProblem(422, 'Validation failed', detail, errors);
export const unauthorized = (detail: string) =>
  new HttpProblem(401, 'Unauthorized', detail, [], { 'WWW-Authenticate': 'Bearer' });
export const forbidden = (detail = 'you do not have access to this') => new HttpProblem(403, 'Forbidden', detail);
export const notFound = (what: string) => new HttpProblem(404, 'Not found', `${what} not found`);
export const conflict = (detail: string, errors: FieldError[] = []) => new HttpProblem(409, 'Conflict', detail, errors);
export const tooManyRequests = (detail: string, retryAfterSeconds: number) =>
  new HttpProblem(429, 'Too many requests', detail, [], { 'Retry-After': String(retryAfterSeconds) });
export const unavailable = (detail: string) => new HttpProblem(503, 'Service unavailable', detail);
