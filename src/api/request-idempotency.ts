// Idempotency-Key for every command that does not handle the key itself (workflow commands and creates that start a
// run keep theirs: src/api/workflow-commands.ts, src/api/idempotency.ts). The key is claimed as pending before the
// handler runs and completed with its answer after; a repeat replays that answer, so sending the same customer
// e-mail, import or upload twice under one key does it once. A repeat that arrives while the first is still running,
// or after a process died between the handler's commit and the record, is refused (409) rather than applied again.
import { createHash } from 'node:crypto';
import { claimCommand, completeCommand, markCommandNotApplied, reopenCommand } from '../db/commands';
import { conflict, DomainError, invalid } from '../errors';
import type { ApiContext } from './context';
import { hashRequest, idempotencyHeader, idempotencyKey } from './idempotency';
import { asProblem } from './problem';
import type { RouteInput, RouteSpec } from './route';
import { recordRefusal, refusalOf } from './workflow-commands';

// A route that declares the header itself handles the key in its own way.
const declaresKey = (spec: RouteSpec) => !!spec.headers?.describe().keys?.['idempotency-key'];

// Every authenticated command not handling its own key is keyed here.
export const keyedByApi = (spec: RouteSpec): boolean => spec.method !== 'get' && !spec.public && !declaresKey(spec);

// The headers a route takes: its own, or the Idempotency-Key this layer reads. Validated and documented alike.
export const headersOf = (spec: RouteSpec) => spec.headers ?? (keyedByApi(spec) ? idempotencyHeader : undefined);

// What identifies a request besides its key: the operation, its parameters, body and the content of its files.
function requestOf(spec: RouteSpec, input: RouteInput): { operation: string; hash: string } {
  const operation = `${spec.method.toUpperCase()} ${spec.path}`.slice(0, 100);
  const files = input.files.map((f) => ({
    name: f.originalname,
    sha256: createHash('sha256').update(f.buffer).digest('hex'),
  }));
  return { operation, hash: hashRequest(operation, { ...input, files }) };
}

export async function withIdempotencyKey(
  ctx: ApiContext,
  spec: RouteSpec,
  input: RouteInput,
  run: () => Promise<unknown>,
): Promise<unknown> {
  const key = idempotencyKey(ctx);
  if (key === undefined) return run();
  const { knex } = ctx.deps;
  const userId = ctx.state.principal!.userId;
  const { operation, hash } = requestOf(spec, input);
  const { row, claimed } = await claimCommand(knex, {
    userId,
    key,
    operation,
    requestHash: hash,
    workflowId: null,
    subject: operation,
  });
  if (row.requestHash !== hash)
    throw invalid([{ field: 'Idempotency-Key', message: 'this Idempotency-Key was used for a different request' }]);
  if (!claimed) {
    if (row.state === 'succeeded') {
      ctx.status = row.statusCode!;
      if (row.location) ctx.set('Location', row.location);
      return row.response ?? undefined;
    }
    if (row.state === 'rejected') throw refusalOf(row);
    if (row.state === 'pending' || !(await reopenCommand(knex, userId, key)))
      throw conflict(
        'a request with this Idempotency-Key is in progress, or its outcome is unknown; look at the resource before sending it again under a new key',
      );
  }
  let result: unknown;
  try {
    result = await run();
  } catch (error) {
    // A refusal is kept and replayed; anything else (an outage) left nothing done, so the key may be used again.
    if (error instanceof DomainError && asProblem(error)!.status < 500)
      await recordRefusal(ctx.deps, userId, key, error);
    else await markCommandNotApplied(knex, userId, key);
    throw error;
  }
  const status = ctx.status !== 404 ? ctx.status : (spec.status ?? 200);
  const location = ctx.response.get('Location') || undefined;
  await completeCommand(knex, userId, key, {
    state: 'succeeded',
    statusCode: status,
    response: result ?? null,
    location,
  });
  return result;
}
