// A route is declared once with its Joi schemas; the same declaration validates requests, wires the Koa
// router, and produces the OpenAPI document (src/api/openapi.ts), so the docs cannot drift from the code.
import type Router from '@koa/router';
import Joi from 'joi';
import multer from 'multer';
import type { ApiContext } from './context';
import { allowHeader, methodTable, type MethodTable } from './allowed-methods';
import { boundErrors } from './input-bounds';
import { checkIfMatch, etagOf, guardingRead, VERSIONED_READS } from './versioned';
import { HttpProblem, invalid, unauthorized, type FieldError } from './problem';
import { headersOf, keyedByApi, withIdempotencyKey } from './request-idempotency';
import type { Principal } from '../auth/principal';
import type { UploadedFile } from '../storage/file-store';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export type { UploadedFile } from '../storage/file-store';

export interface RouteInput<P = any, Q = any, B = any> {
  params: P;
  query: Q;
  body: B;
  files: UploadedFile[];
}

// A multipart/form-data upload: files in one form field, held in memory (bounded by the limits).
export interface UploadSpec {
  field: string;
  maxFiles: number;
  maxBytes: number;
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
  upload?: UploadSpec;
  response?: Joi.Schema;
  // Media types of a file answered instead of JSON (PDF, DOCX, XLSX…).
  produces?: string[];
  // The success status: 200 by default; a route that answers no body declares 204.
  status?: number;
  handler: (ctx: ApiContext, input: RouteInput) => Promise<unknown>;
}

const JOI_OPTIONS: Joi.ValidationOptions = { abortEarly: false, convert: true, errors: { wrap: { label: false } } };

function fieldErrors(error: Joi.ValidationError, location: string): FieldError[] {
  return error.details.map((d) => ({
    field: d.path.length ? d.path.join('.') : location,
    message: d.message,
    code: d.type,
  }));
}

// Joi measures a string's length in UTF-16 units, so an emoji counts twice; PostgreSQL and the OpenAPI document
// count characters. A string within its limit in characters is not too long.
function withCharacterLengths(error: Joi.ValidationError): Joi.ValidationError {
  error.details = error.details.filter(
    (d) => d.type !== 'string.max' || [...String(d.context?.value)].length > (d.context?.limit as number),
  );
  return error;
}

function validatePart<T>(schema: Joi.Schema | undefined, value: unknown, location: string, errors: FieldError[]): T {
  if (!schema) return value as T;
  const result = schema.validate(value ?? (location === 'body' ? undefined : {}), JOI_OPTIONS);
  if (result.error) errors.push(...fieldErrors(withCharacterLengths(result.error), location));
  return result.value as T;
}

// Where a created resource is read: `<collection>/<id>` when that path is readable, the API URL the answer names
// (an uploaded image), else the collection that now lists it.
function createdLocation(table: MethodTable, path: string, result: unknown): string {
  const body = result as { id?: unknown; url?: unknown; data?: Array<{ id?: unknown }> } | undefined;
  const id = body?.id ?? body?.data?.[0]?.id;
  if (typeof id === 'number' && table.allowed(`${path}/${id}`)?.includes('get')) return `${path}/${id}`;
  // Only a URL of this API: a created menu's `url` is a front-end route, and may hold what no header can carry.
  if (typeof body?.url === 'string' && /^\/api\/[\x21-\x7e]*$/.test(body.url)) return body.url;
  return path;
}

export function methodNotAllowed(method: string, allowed: Method[]): HttpProblem {
  const allow = allowHeader(allowed);
  return new HttpProblem(405, 'Method not allowed', `${method} is not supported here; use ${allow}`, [], {
    Allow: allow,
  });
}

// After the router: a path some route takes, asked with a method none of its owners takes → 405 (OPTIONS → 204),
// with Allow; a path no route takes is left to the 404 handler.
export function allowedMethods(routes: RouteSpec[]): (ctx: ApiContext, next: () => Promise<void>) => Promise<void> {
  const table: MethodTable = methodTable(routes);
  return async (ctx, next) => {
    await next();
    if (ctx.status !== 404 || ctx.body !== undefined) return;
    const owners = table.allowed(ctx.path);
    if (!owners) return;
    if (ctx.method === 'OPTIONS') {
      ctx.set('Allow', allowHeader(owners));
      ctx.status = 204;
      return;
    }
    throw methodNotAllowed(ctx.method, owners);
  };
}

export function requirePrincipal(ctx: ApiContext): Principal {
  if (!ctx.state.principal) throw unauthorized('authentication required');
  return ctx.state.principal;
}

async function receiveFiles(ctx: ApiContext, upload: UploadSpec): Promise<UploadedFile[]> {
  const middleware = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: upload.maxBytes, files: upload.maxFiles },
  }).array(upload.field, upload.maxFiles);
  try {
    // multer hands its callback an Error or nothing.
    /* eslint-disable @typescript-eslint/no-unnecessary-type-assertion -- reject's parameter is any */
    await new Promise<void>((resolve, reject) =>
      middleware(ctx.req as never, ctx.res as never, (error?: unknown) => (error ? reject(error as Error) : resolve())),
    );
    /* eslint-enable @typescript-eslint/no-unnecessary-type-assertion */
  } catch (error) {
    const e = error as { name?: string; code?: string; message: string };
    // The multipart parser's own complaints (busboy: "Malformed part header", "Unexpected end of form", a missing
    // boundary) are the client's malformed request, not a fault here.
    const message =
      e.name === 'MulterError'
        ? e.code === 'LIMIT_FILE_SIZE'
          ? `each file must be at most ${upload.maxBytes} bytes`
          : e.message
        : `not a readable multipart/form-data body: ${e.message}`;
    throw invalid([{ field: upload.field, message }]);
  }
  return (ctx.req as unknown as { files?: UploadedFile[] }).files ?? [];
}

export function mount(router: Router, routes: RouteSpec[], authenticate: (ctx: ApiContext) => Promise<void>): void {
  const table = methodTable(routes);
  for (const spec of routes) {
    const guard = guardingRead(spec, routes);
    const tagged = spec.method === 'get' && VERSIONED_READS.includes(spec.path);
    const keyed = keyedByApi(spec);
    const headers = headersOf(spec);
    router[spec.method](spec.path, async (koaCtx) => {
      const ctx = koaCtx as unknown as ApiContext;
      // A parameter route reached on a path that literal routes own (see allowed-methods.ts).
      const owners = table.allowed(ctx.path);
      if (owners && !owners.includes(spec.method)) throw methodNotAllowed(ctx.method, owners);
      if (!spec.public) await authenticate(ctx);
      const files = spec.upload ? await receiveFiles(ctx, spec.upload) : [];
      const errors: FieldError[] = [];
      const input: RouteInput = {
        params: validatePart(spec.params, ctx.params, 'params', errors),
        query: validatePart(spec.query, ctx.query, 'query', errors),
        body: validatePart(spec.body, (ctx.request as { body?: unknown }).body, 'body', errors),
        files,
      };
      if (headers) validatePart(headers, ctx.headers, 'headers', errors);
      if (!errors.length) errors.push(...boundErrors({ params: input.params, query: input.query, body: input.body }));
      if (errors.length) throw invalid(errors);
      if (guard) await checkIfMatch(ctx, guard, input);
      const result = keyed
        ? await withIdempotencyKey(ctx, spec, input, () => spec.handler(ctx, input))
        : await spec.handler(ctx, input);
      if (tagged) ctx.set('ETag', etagOf(result));
      // A handler may choose its status (e.g. 200 for a dry run of a 201 command); otherwise the declared one.
      const chosen = ctx.status !== 404 ? ctx.status : undefined;
      // The document promises each route's success status: an empty answer from a route that did not declare
      // 204 is a defect in the route, caught by any test that calls it.
      if (result === undefined && chosen === undefined && spec.status !== 204)
        throw new Error(
          `${spec.method.toUpperCase()} ${spec.path} answered no body but declares status ${spec.status ?? 200}`,
        );
      ctx.status = chosen ?? spec.status ?? 200;
      if (ctx.status === 201 && !ctx.response.get('Location'))
        ctx.set('Location', createdLocation(table, ctx.path, result));
      if (result !== undefined) ctx.body = result;
    });
  }
}
