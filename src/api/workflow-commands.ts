// Sends one command to a running workflow as an Update. The Idempotency-Key (if any) becomes the update id and
// the first answer is kept, so a retried request gets that answer; no worker answering in time is a 503.
import type { ApiContext } from './context';
import { idempotent } from './idempotency';
import { callTemporal } from './temporal-errors';

export async function sendUpdate<T>(
  ctx: ApiContext,
  what: string,
  operation: string,
  body: unknown,
  send: (updateId?: string) => Promise<T>,
): Promise<T> {
  const { config, temporal } = ctx.deps;
  const response = await idempotent(ctx, operation, body, async (_trx, key) => ({
    status: 200,
    body: await callTemporal(what, config.updateTimeoutMs, temporal.withDeadline.bind(temporal), () => send(key)),
  }));
  return response.body as T;
}
