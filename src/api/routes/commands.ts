// The command resource a 202 Accepted points at: pending, succeeded (with the result), rejected (with the problem) or
// not_applied (the run never received it: send the command again with the same Idempotency-Key).
import Joi from 'joi';
import { KEY_FORMAT } from '../idempotency';
import { requirePrincipal, type RouteSpec } from '../route';
import { commandStatus } from '../workflow-commands';

export const commandRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/commands/:key',
    summary: 'What became of a workflow command sent with this Idempotency-Key (or the id a 202 answer gave)',
    tag: 'commands',
    params: Joi.object({
      key: Joi.string().pattern(KEY_FORMAT).required(),
    }),
    handler: (ctx, { params }) => commandStatus(ctx.deps, requirePrincipal(ctx).userId, params.key),
  },
];
