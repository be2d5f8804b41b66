// Conditional requests on the documents customers sign (quotation, SPK, PKS): their reads carry an ETag (a hash of
// the representation), and any command on them may send `If-Match` with it; a stale one answers 412 before anything
// changes. This is a precondition on what the client last saw, alongside Idempotency-Key (one command applied once)
// and the workflows' own version checks (which still serialise concurrent commands).
import { createHash } from 'node:crypto';
import type { ApiContext } from './context';
import { HttpProblem, invalid } from './problem';
import type { RouteInput, RouteSpec } from './route';

export const VERSIONED_READS = ['/api/quotations/:id', '/api/spk/:id', '/api/pks/:id'];

// A header value as HTTP carries it: visible ASCII, inner spaces only (leading and trailing ones are not kept).
export const HEADER_VALUE = '^[\\x21-\\x7e]([\\x20-\\x7e]*[\\x21-\\x7e])?$';

// The form an If-Match value takes (the document states it too): visible ASCII, as an ETag is sent.
export const IF_MATCH_FORM = { pattern: HEADER_VALUE, maxLength: 200 };

export const etagOf = (representation: unknown): string =>
  `"${createHash('sha256').update(JSON.stringify(representation)).digest('base64url').slice(0, 27)}"`;

// The read route whose representation guards this command, if any.
export function guardingRead(spec: RouteSpec, routes: RouteSpec[]): RouteSpec | undefined {
  if (spec.method === 'get') return undefined;
  const base = VERSIONED_READS.find((path) => spec.path === path || spec.path.startsWith(`${path}/`));
  return base ? routes.find((r) => r.method === 'get' && r.path === base) : undefined;
}

export async function checkIfMatch(ctx: ApiContext, read: RouteSpec, input: RouteInput): Promise<void> {
  const header = ctx.headers['if-match'];
  if (header === undefined) return;
  const wanted = Array.isArray(header) ? header.join(',') : header;
  if (wanted.length > IF_MATCH_FORM.maxLength || !new RegExp(IF_MATCH_FORM.pattern).test(wanted))
    throw invalid([
      {
        field: 'If-Match',
        message: `If-Match must be an ETag as a read answered it (at most ${IF_MATCH_FORM.maxLength} visible characters)`,
        code: 'string.pattern.base',
      },
    ]);
  const query: unknown = read.query ? read.query.validate({}).value : {};
  const current = etagOf(
    await read.handler(ctx, { params: { id: input.params.id }, query, body: undefined, files: [] }),
  );
  const tags = wanted.split(',').map((t) => t.trim().replace(/^W\//, ''));
  if (!tags.includes('*') && !tags.includes(current))
    throw new HttpProblem(
      412,
      'Precondition failed',
      `the resource changed since you read it; its ETag is now ${current}`,
      [],
      {
        ETag: current,
      },
    );
}
