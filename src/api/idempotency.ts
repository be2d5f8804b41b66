// Idempotency-Key support for creates (a row and its run's start in one transaction): the first successful response
// to a key is stored with a hash of the request and replayed for a repeat; the same key with a different request is
// refused. A transaction-scoped advisory lock serialises concurrent requests with one key, and `run` gets that transaction so its writes and the
// stored response commit together.
import { createHash } from 'node:crypto';
import Joi from 'joi';
import type { Knex } from 'knex';
import type { ApiContext } from './context';
import { invalid } from './problem';

export interface StoredResponse {
  status: number;
  body: unknown;
}

// Visible ASCII but '%': a key also names the path segment of /api/commands/{key}, where a bare '%' would be read
// as the start of an escape.
export const KEY_FORMAT = /^[\x21-\x24\x26-\x7e]{8,200}$/;

// The header as routes declare it (a route declaring it handles the key itself; src/api/request-idempotency.ts keys
// every other command).
export const idempotencyHeader = Joi.object({
  'idempotency-key': Joi.string().min(8).max(200).pattern(KEY_FORMAT),
}).unknown(true);

export function idempotencyKey(ctx: ApiContext): string | undefined {
  const key = ctx.get('Idempotency-Key');
  if (key === '') return undefined;
  if (!KEY_FORMAT.test(key))
    throw invalid([
      { field: 'Idempotency-Key', message: 'Idempotency-Key must be 8 to 200 visible ASCII characters other than %' },
    ]);
  return key;
}

export const hashRequest = (operation: string, request: unknown) =>
  createHash('sha256').update(JSON.stringify({ operation, request })).digest('hex');

export async function idempotent(
  ctx: ApiContext,
  operation: string,
  request: unknown,
  run: (trx: Knex.Transaction, key: string | undefined) => Promise<StoredResponse>,
  onReplay?: (stored: StoredResponse) => Promise<void>,
): Promise<StoredResponse> {
  const key = idempotencyKey(ctx);
  const userId = ctx.state.principal!.userId;
  const requestHash = hashRequest(operation, request);
  return ctx.deps.knex.transaction(async (trx) => {
    if (key === undefined) return run(trx, key);
    await trx.raw('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`${userId}:${key}`]);
    const stored = await trx('idempotency_keys').where({ user_id: userId, key }).first();
    if (stored) {
      if (stored.request_hash !== requestHash) {
        throw invalid([{ field: 'Idempotency-Key', message: 'this Idempotency-Key was used for a different request' }]);
      }
      const replay = { status: stored.status_code, body: stored.response };
      if (onReplay) await onReplay(replay);
      return replay;
    }
    const response = await run(trx, key);
    await trx('idempotency_keys').insert({
      user_id: userId,
      key,
      operation,
      request_hash: requestHash,
      status_code: response.status,
      response: JSON.stringify(response.body),
    });
    return response;
  });
}
