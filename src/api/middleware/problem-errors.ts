// Renders every error as application/problem+json. Unexpected errors are logged and shown without internals.
import type Koa from 'koa';
import type { ApiState } from '../context';
import { asProblem, HttpProblem } from '../problem';

function fromKoaError(error: { status?: number; expose?: boolean; message?: string }): HttpProblem | null {
  // Errors raised by Koa middleware (e.g. malformed JSON from the body parser, 413 too large).
  if (typeof error.status === 'number' && error.status >= 400 && error.status < 500) {
    const title = error.status === 413 ? 'Payload too large' : 'Bad request';
    return new HttpProblem(error.status, title, error.expose ? error.message : title);
  }
  return null;
}

export function problemErrors(): Koa.Middleware<ApiState> {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined)
        throw new HttpProblem(404, 'Not found', `no route for ${ctx.method} ${ctx.path}`);
    } catch (error) {
      const problem = asProblem(error) ?? fromKoaError(error as object);
      if (!problem) ctx.state.log.error({ err: error }, 'unhandled error');
      const p =
        problem ??
        new HttpProblem(
          500,
          'Internal server error',
          'an unexpected error occurred; quote the request id when reporting it',
        );
      ctx.status = p.status;
      ctx.set(p.headers);
      ctx.type = 'application/problem+json';
      ctx.body = {
        type: p.type,
        title: p.title,
        status: p.status,
        detail: p.message,
        instance: ctx.path,
        requestId: ctx.state.requestId,
        ...(p.errors.length ? { errors: p.errors } : {}),
      };
    }
  };
}
