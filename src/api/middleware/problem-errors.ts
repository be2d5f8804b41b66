// Renders every error as application/problem+json. Unexpected errors are logged and shown without internals.
import type Koa from 'koa';
import type { ApiState } from '../context';
import { isDatabaseOutage } from '../../db/outage';
import { asProblem, HttpProblem, unavailable } from '../problem';
import { CommandPending, commandLocation } from '../workflow-commands';

function fromKoaError(error: { status?: number; expose?: boolean; message?: string }): HttpProblem | null {
  // Errors raised by Koa middleware (e.g. malformed JSON from the body parser, 413 too large).
  if (typeof error.status === 'number' && error.status >= 400 && error.status < 500) {
    const title = error.status === 413 ? 'Payload too large' : 'Bad request';
    return new HttpProblem(error.status, title, error.expose ? error.message : title);
  }
  return null;
}

// A dependency that cannot be reached is an outage, not a bug: 503 with Retry-After, and the log names it.
function outageProblem(ctx: Koa.ParameterizedContext<ApiState>, error: unknown): HttpProblem | null {
  if (!isDatabaseOutage(error)) return null;
  ctx.state.log.warn({ err: error, dependency: 'database' }, 'database unreachable');
  return unavailable('the database cannot be reached; retry shortly', 5);
}

// A value the database refused as data (out of its column's range, a byte it cannot store) that got past the
// request's bounds (src/api/input-bounds.ts): still the client's input, so 422, never 500.
const VALUE_ERRORS: Record<string, string> = {
  '22003': 'a number is out of range for where it is stored',
  '22001': 'a text is longer than where it is stored allows',
  '22021': 'a text contains a character that cannot be stored',
  '22P02': 'a value has the wrong form for where it is stored',
  '22007': 'a date or time is not valid',
  '22008': 'a date or time is out of range',
};

function valueProblem(error: unknown): HttpProblem | null {
  const code = (error as { code?: unknown }).code;
  const message = typeof code === 'string' ? VALUE_ERRORS[code] : undefined;
  return message ? new HttpProblem(422, 'Validation failed', message, [{ field: 'body', message }]) : null;
}

export function problemErrors(): Koa.Middleware<ApiState> {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined)
        throw new HttpProblem(404, 'Not found', `no route for ${ctx.method} ${ctx.path}`);
    } catch (error) {
      if (error instanceof CommandPending) {
        // Accepted, outcome not yet known: the command resource tells which once it is.
        ctx.status = 202;
        ctx.set('Location', commandLocation(error.commandId));
        ctx.body = {
          state: 'pending',
          commandId: error.commandId,
          subject: error.subject,
          location: commandLocation(error.commandId),
        };
        return;
      }
      const problem =
        asProblem(error) ?? fromKoaError(error as object) ?? outageProblem(ctx, error) ?? valueProblem(error);
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
