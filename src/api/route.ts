// A route is declared once with its Joi schemas; the same declaration validates requests, wires the Koa
// router, and produces the OpenAPI document (src/api/openapi.ts), so the docs cannot drift from the code.
import type Router from '@koa/router';
import Joi from 'joi';
import type { ApiContext } from './context';
import { invalid, unauthorized, type FieldError } from './problem';
import type { Principal } from '../auth/principal';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteInput<P = any, Q = any, B = any> {
  params: P;
  query: Q;
  body: B;
}

export interface RouteSpec {
  method: Method;
  path: string;
  summary: string;
  tag: string;
  public?: boolean;
  params?: Joi.ObjectSchema;
  query?: Joi.ObjectSchema;
  body?: Joi.Schema;
  headers?: Joi.ObjectSchema;
  response?: Joi.Schema;
  status?: number;
  handler: (ctx: ApiContext, input: RouteInput) => Promise<unknown>;
}

const JOI_OPTIONS: Joi.ValidationOptions = { abortEarly: false, convert: true, errors: { wrap: { label: false } } };

function fieldErrors(error: Joi.ValidationError, location: string): FieldError[] {
  return error.details.map((d) => ({ field: d.path.length ? d.path.join('.') : location, message: d.message }));
}

function validatePart<T>(schema: Joi.Schema | undefined, value: unknown, location: string, errors: FieldError[]): T {
  if (!schema) return value as T;
  const result = schema.validate(value ?? (location === 'body' ? undefined : {}), JOI_OPTIONS);
  if (result.error) errors.push(...fieldErrors(result.error, location));
  return result.value as T;
}

export function requirePrincipal(ctx: ApiContext): Principal {
  if (!ctx.state.principal) throw unauthorized('authentication required');
  return ctx.state.principal;
}

export function mount(router: Router, routes: RouteSpec[], authenticate: (ctx: ApiContext) => Promise<void>): void {
  for (const spec of routes) {
    router[spec.method](spec.path, async (koaCtx) => {
      const ctx = koaCtx as unknown as ApiContext;
      if (!spec.public) await authenticate(ctx);
      const errors: FieldError[] = [];
      const input: RouteInput = {
        params: validatePart(spec.params, ctx.params, 'params', errors),
        query: validatePart(spec.query, ctx.query, 'query', errors),
        body: validatePart(spec.body, (ctx.request as { body?: unknown }).body, 'body', errors),
      };
      if (spec.headers) validatePart(spec.headers, ctx.headers, 'headers', errors);
      if (errors.length) throw invalid(errors);
      const result = await spec.handler(ctx, input);
      ctx.status = spec.status ?? (result === undefined ? 204 : 200);
      if (result !== undefined) ctx.body = result;
    });
  }
}
