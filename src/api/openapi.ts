// OpenAPI 3.1 document generated from the route declarations (src/api/route.ts): the same Joi schemas that validate
// a request describe it here (src/api/json-schema.ts), so the document cannot drift from the code.
import type Joi from 'joi';
import { INPUT_BOUNDS } from './input-bounds';
import { jsonSchema } from './json-schema';
import { headersOf } from './request-idempotency';
import type { RouteSpec } from './route';
import { guardingRead, HEADER_VALUE, IF_MATCH_FORM, VERSIONED_READS } from './versioned';

type Json = Record<string, unknown>;

const PROBLEM: Json = {
  type: 'object',
  description: 'RFC 9457 problem details; `errors` names each offending field.',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string', format: 'uri' },
    title: { type: 'string' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string' },
    instance: { type: 'string' },
    requestId: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
  examples: [
    {
      type: 'https://cais.example/problems/validation-failed',
      title: 'Validation failed',
      status: 422,
      detail: 'leadId must be at most 2147483647',
      instance: '/api/quotations',
      errors: [{ field: 'leadId', message: 'leadId must be at most 2147483647' }],
    },
  ],
};

const PROBLEM_RESPONSES: Record<string, string> = {
  '400': 'The request could not be read',
  '401': 'Missing, expired or revoked access token',
  '403': 'The caller may not do this',
  '404': 'No such resource, or not visible to the caller',
  '405': 'Method not allowed on this path (the Allow header lists those that are)',
  '409': 'The resource is not in a state that allows this',
  '412': 'If-Match names a version that is no longer current',
  '413': 'The request body is too large',
  '415': 'The request body is not of a supported media type',
  '422': 'A field is invalid (each is named in `errors`)',
  '429': 'Too many attempts; Retry-After says when to try again',
  '503': 'A service this needs is down; Retry-After says when to try again',
};

// What each tag groups, as a reader of the docs page first meets it.
const TAG_DESCRIPTIONS: Record<string, string> = {
  admin: 'Users, roles and role permissions',
  announcements: 'System announcements with files, and who has read them',
  approvals: 'Multi-level approval of submitted quotations',
  auth: 'Sign-in, token refresh, sign-out, own password',
  commands: 'Outcome of a command answered 202 (pending)',
  'company groups': 'Groups of related customer companies',
  complaints: 'Customer complaints on an active contract, with SLA',
  'customer activities': 'Interactions with a lead or customer (calls, visits, e-mails)',
  customers: 'Customers (leads with an active contract) and their officers',
  'e-mail': 'Sending activity e-mails through your own SMTP server',
  entities: 'The group companies a quotation or contract is made by',
  files: 'Uploads (typed by content) and their download',
  finance: 'Revenue against targets, and incentive rates',
  fulfilment: 'Items and visits a contract promises, and their delivery',
  'go-live': 'Bringing the running business in: contracts, customers, sites and past revenue from one workbook',
  health: 'Liveness and readiness',
  items: 'Catalogue of equipment, uniforms and chemicals',
  leads: 'Prospective customers: creation, assignment, import and export',
  'master data': 'Catalogues and reference data (positions, allowances, rules, wages)',
  notifications: 'Your in-app notifications',
  options: 'Values for pick lists',
  pipeline: 'What waits for the next step: SPKs, contracts, renewals; what a new version can be made from',
  pks: 'Partnership agreements (PKS): clauses, checklist, signing, activation',
  'quotation documents': 'Quotation PDFs for the customer and the calculation summary',
  'quotation steps': 'The 12 costing steps of a quotation',
  quotations: 'Quotations: creation, versions, submission',
  regulation: 'Regional minimum wages and statutory (BPJS) rates',
  'sales activities': "Salespeople's planned and done activities",
  'sales performance': 'Funnel, weekly and activity reports (JSON or Excel)',
  'sales teams': 'Sales teams and their members',
  spk: 'Work orders (SPK) from an approved quotation',
  'wage campaigns': 'The annual wage adjustment: a decree priced through every contract and open quotation it reaches',
};

const problemRef = (status: string) => ({ $ref: `#/components/responses/Problem${status}` });

// `GET /api/sales-teams/:id/members` → `getSalesTeamsByIdMembers`: the same naming as the service functions.
export function operationId(method: string, path: string): string {
  const words = path
    .replace(/^\/api\//, '/')
    .split('/')
    .filter(Boolean)
    .map((segment) => (segment.startsWith(':') ? `by-${segment.slice(1)}` : segment))
    .flatMap((segment) => segment.split(/[^A-Za-z0-9]+/))
    .filter(Boolean);
  return method + words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

function parameters(schema: Joi.ObjectSchema | undefined, location: 'path' | 'query' | 'header'): Json[] {
  if (!schema) return [];
  const object = jsonSchema(schema, 'request');
  const properties = (object.properties ?? {}) as Record<string, Json>;
  const required = (object.required ?? []) as string[];
  return Object.entries(properties).map(([name, s]) => ({
    name,
    in: location,
    required: location === 'path' || required.includes(name),
    // A header value has no leading or trailing spaces (HTTP drops them), whatever else its schema says.
    schema: location === 'header' && s.pattern === INPUT_BOUNDS.noNulPattern ? { ...s, pattern: HEADER_VALUE } : s,
    ...(s.type === 'array' ? { style: 'form', explode: true } : {}),
  }));
}

const IF_MATCH = {
  name: 'If-Match',
  in: 'header',
  required: false,
  description: 'The ETag of the resource as last read: a stale one answers 412 and nothing changes',
  schema: { type: 'string', ...IF_MATCH_FORM },
};

function successResponse(route: RouteSpec): [string, Json] {
  const status = String(route.status ?? 200);
  if (status === '204') return [status, { description: 'Done; no content' }];
  const description = status === '202' ? 'Accepted; the command is pending' : status === '201' ? 'Created' : 'OK';
  const headers =
    route.method === 'get' && VERSIONED_READS.includes(route.path)
      ? {
          ETag: { description: 'Version of this representation, for If-Match on commands', schema: { type: 'string' } },
        }
      : status === '201'
        ? { Location: { description: 'URL of the created resource', schema: { type: 'string' } } }
        : status === '202'
          ? { Location: { description: 'URL where the command reports its outcome', schema: { type: 'string' } } }
          : undefined;
  const json = { schema: route.response ? jsonSchema(route.response, 'response') : {} };
  const content = Object.fromEntries(
    (route.produces ?? ['application/json']).map((type) => [
      type,
      type === 'application/json' ? json : { schema: { type: 'string', contentMediaType: type } },
    ]),
  );
  return [status, { description, ...(headers ? { headers } : {}), content }];
}

// The failures an operation can answer with, from what it declares.
function problemStatuses(route: RouteSpec, routes: RouteSpec[]): string[] {
  // A read may meet a state it cannot show either (409: e.g. a calculation whose rates are not in force).
  const statuses = new Set<string>(['400', '405', '409', '503']);
  if (!route.public) ['401', '403'].forEach((s) => statuses.add(s));
  if (route.params || !route.public) statuses.add('404');
  if (route.method !== 'get') ['413', '415'].forEach((s) => statuses.add(s));
  if (route.params || route.query || route.body || headersOf(route) || route.upload) statuses.add('422');
  if (route.public && route.method === 'post') ['401', '429'].forEach((s) => statuses.add(s));
  if (guardingRead(route, routes)) statuses.add('412');
  return [...statuses].sort();
}

function requestBody(route: RouteSpec): Json | undefined {
  if (route.upload) {
    const files = {
      type: 'array',
      items: { type: 'string', contentMediaType: 'application/octet-stream' },
      minItems: 1,
    };
    return {
      required: true,
      content: {
        'multipart/form-data': {
          schema: {
            type: 'object',
            required: [route.upload.field],
            properties: { [route.upload.field]: { ...files, maxItems: route.upload.maxFiles } },
            additionalProperties: false,
          },
        },
      },
    };
  }
  if (route.body)
    return {
      // A body schema without .required() accepts a request with no body: the document says so.
      required: (route.body.describe().flags as { presence?: string } | undefined)?.presence === 'required',
      content: { 'application/json': { schema: jsonSchema(route.body, 'request') } },
    };
  return undefined;
}

export function buildOpenApi(routes: RouteSpec[]): Json {
  const paths: Record<string, Record<string, Json>> = {};
  const seen = new Set<string>();
  for (const route of routes) {
    const path = route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const id = operationId(route.method, route.path);
    if (seen.has(id)) throw new Error(`two routes share the operationId ${id}`);
    seen.add(id);
    const [status, success] = successResponse(route);
    const body = requestBody(route);
    paths[path] = {
      ...(paths[path] ?? {}),
      [route.method]: {
        operationId: id,
        summary: route.summary,
        tags: [route.tag],
        parameters: [
          ...parameters(route.params, 'path'),
          ...parameters(route.query, 'query'),
          ...parameters(headersOf(route), 'header'),
          ...(guardingRead(route, routes) ? [IF_MATCH] : []),
        ],
        ...(body ? { requestBody: body } : {}),
        responses: {
          [status]: success,
          ...Object.fromEntries(problemStatuses(route, routes).map((s) => [s, problemRef(s)])),
        },
        security: route.public ? [] : [{ bearer: [] }],
      },
    };
  }
  const tags = [...new Set(routes.map((r) => r.tag))]
    .sort()
    .map((name) => ({ name, ...(TAG_DESCRIPTIONS[name] ? { description: TAG_DESCRIPTIONS[name] } : {}) }));
  return {
    openapi: '3.1.0',
    info: {
      title: 'CAIS API',
      version: '0.1.0',
      description:
        'Sales lifecycle of a workforce-outsourcing company. Errors are `application/problem+json`; lists take `q`, `sort`, `page` and `pageSize` and answer `{ data, meta }`.',
      license: { name: 'Proprietary' },
    },
    servers: [{ url: '/' }],
    tags,
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Problem: PROBLEM },
      responses: Object.fromEntries(
        Object.entries(PROBLEM_RESPONSES).map(([s, description]) => [
          `Problem${s}`,
          {
            description,
            content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
          },
        ]),
      ),
    },
    paths,
  };
}
