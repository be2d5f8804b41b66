// OpenAPI 3 document generated from the route declarations.
import j2s from 'joi-to-swagger';
import type Joi from 'joi';
import type { RouteSpec } from './route';

const PROBLEM = {
  type: 'object',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } },
    },
  },
};

function parameters(schema: Joi.ObjectSchema | undefined, location: 'path' | 'query' | 'header'): object[] {
  if (!schema) return [];
  const { swagger } = j2s(schema);
  const properties: Record<string, object> = swagger.properties ?? {};
  const required: string[] = swagger.required ?? [];
  return Object.entries(properties).map(([name, s]) => ({
    name,
    in: location,
    required: location === 'path' || required.includes(name),
    schema: s,
  }));
}

export function buildOpenApi(routes: RouteSpec[]): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const success = String(route.status ?? 200);
    const operation: Record<string, unknown> = {
      summary: route.summary,
      tags: [route.tag],
      parameters: [
        ...parameters(route.params, 'path'),
        ...parameters(route.query, 'query'),
        ...parameters(route.headers, 'header'),
      ],
      responses: {
        [success]: route.response
          ? { description: 'OK', content: { 'application/json': { schema: j2s(route.response).swagger } } }
          : { description: 'OK' },
        default: {
          description: 'Error',
          content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
        },
      },
    };
    if (route.upload) {
      const files = { type: 'array', items: { type: 'string', format: 'binary' }, maxItems: route.upload.maxFiles };
      operation.requestBody = {
        required: true,
        content: { 'multipart/form-data': { schema: { type: 'object', properties: { [route.upload.field]: files } } } },
      };
    }
    if (route.body)
      operation.requestBody = { required: true, content: { 'application/json': { schema: j2s(route.body).swagger } } };
    if (!route.public) operation.security = [{ bearer: [] }];
    paths[path] = { ...(paths[path] ?? {}), [route.method]: operation };
  }
  return {
    openapi: '3.0.3',
    info: { title: 'CAIS API', version: '0.1.0', description: 'Sales lifecycle of a workforce-outsourcing company.' },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Problem: PROBLEM },
    },
    paths,
  };
}
