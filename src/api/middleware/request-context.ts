// Request id (taken from X-Request-Id when the caller sends one), a child logger and one access-log line.
import { randomUUID } from 'node:crypto';
import type Koa from 'koa';
import type { Logger } from '../../logger';
import type { ApiState } from '../context';

const VALID_ID = /^[A-Za-z0-9._-]{1,100}$/;

export function requestContext(logger: Logger): Koa.Middleware<ApiState> {
  return async (ctx, next) => {
    const incoming = ctx.get('X-Request-Id');
    ctx.state.requestId = VALID_ID.test(incoming) ? incoming : randomUUID();
    ctx.state.log = logger.child({ requestId: ctx.state.requestId });
    ctx.set('X-Request-Id', ctx.state.requestId);
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      ctx.state.log.info(
        {
          method: ctx.method,
          path: ctx.path,
          status: ctx.status,
          ms: Math.round(ms),
          userId: ctx.state.principal?.userId,
        },
        'request',
      );
    }
  };
}
