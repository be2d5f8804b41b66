// A route is declared once with its Joi schemas; the same declaration validates requests, wires the Koa
// router, and produces the OpenAPI document (src/api/openapi.ts), so the docs cannot drift from the code.
import type Router from '@koa/router';
import Joi from 'joi';
import multer from 'multer';
import type { ApiContext } from './context';
import { boundErrors } from './input-bounds';
import { invalid, unauthorized, type FieldError } from './problem';
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
  for (const spec of routes) {
    router[spec.method](spec.path, async (koaCtx) => {
      const ctx = koaCtx as unknown as ApiContext;
      if (!spec.public) await authenticate(ctx);
      const files = spec.upload ? await receiveFiles(ctx, spec.upload) : [];
      const errors: FieldError[] = [];
      const input: RouteInput = {
        params: validatePart(spec.params, ctx.params, 'params', errors),
        query: validatePart(spec.query, ctx.query, 'query', errors),
        body: validatePart(spec.body, (ctx.request as { body?: unknown }).body, 'body', errors),
        files,
      };
      if (spec.headers) validatePart(spec.headers, ctx.headers, 'headers', errors);
      if (!errors.length) errors.push(...boundErrors({ params: input.params, query: input.query, body: input.body }));
      if (errors.length) throw invalid(errors);
      const result = await spec.handler(ctx, input);
      // A handler may choose its status (e.g. 200 for a dry run of a 201 command); otherwise the declared one.
      const chosen = ctx.status !== 404 ? ctx.status : undefined;
      ctx.status = chosen ?? spec.status ?? (result === undefined ? 204 : 200);
      if (result !== undefined) ctx.body = result;
    });
  }
}
