// Cross-cutting behaviour: health and readiness, OpenAPI and docs, problem+json for every error, request ids,
// and a 503 (not a hung request) when no worker answers a command.
import http from 'node:http';
import { taskQueuePollers } from '../../src/temporal/readiness';
import { Stack } from '../support/stack';
import { until } from '../support/until';

let stack: Stack;

beforeAll(async () => {
  stack = await Stack.start({ updateTimeoutMs: 1500 });
});

afterAll(() => stack?.stop());

describe('platform', () => {
  it('reports liveness and readiness', async () => {
    expect(await stack.request('GET', '/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
    const ready = await stack.request('GET', '/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toMatchObject({ database: 'ok', temporal: 'ok', workers: 'ok' });
    expect(ready.body.details.taskQueues[stack.config.taskQueue]).toMatchObject({
      workflowPollers: 1,
      activityPollers: 1,
    });
    expect(ready.body.details).toMatchObject({ failedRuns: expect.any(Number), noticesWaitingForMail: 0 });
  });

  it('says "workers down" once the last worker stops or its heartbeat is 15 s old, and ready again with one', async () => {
    const workers = () => stack.request('GET', '/ready').then((r) => [r.status, r.body.detail ?? 'ready']);
    // A worker that crashed or hangs: its row stays, its beat ages (as if 16 s had passed without one).
    await stack
      .knex('worker_heartbeats')
      .where({ task_queue: stack.config.taskQueue })
      .update({
        beat_at: stack.knex.raw("now() - interval '16 seconds'"),
      });
    expect(await workers()).toEqual([
      503,
      expect.stringMatching(/workers down: no worker alive \(last heartbeat 1\d s ago\)/),
    ]);
    // Its next beat (every 5 s) makes it alive again.
    await until(workers, ([status]) => status === 200, 'the worker beating again', 10_000);
    // A worker that stops cleanly is gone at once, although Temporal still lists its pollers.
    await stack.stopWorker();
    expect(await workers()).toEqual([503, expect.stringMatching(/workers down: no worker alive/)]);
    await stack.startWorker();
    expect(await workers()).toEqual([200, 'ready']);
  });

  it('is not ready when no worker polls a task queue', async () => {
    const queue = `nobody-${Date.now()}`;
    const pollers = await taskQueuePollers(stack.temporal, stack.config.temporalNamespace, queue);
    expect(pollers[queue]).toEqual({ workflowPollers: 0, activityPollers: 0 });
  });

  it('publishes an OpenAPI document generated from the routes, and the docs page', async () => {
    const spec = await stack.request('GET', '/openapi.json');
    expect(spec.status).toBe(200);
    expect(spec.body.openapi).toMatch(/^3\./);
    const login = spec.body.paths['/api/auth/login'].post;
    expect(login.requestBody.content['application/json'].schema.required).toEqual(['login', 'password']);
    expect(login.requestBody.required).toBe(true);
    // A body the route may go without (restoring a lead needs a reason only for a duplicate) is documented optional.
    expect(spec.body.paths['/api/leads/{id}/restore'].post.requestBody.required).toBe(false);
    expect(spec.body.paths['/api/quotations/{id}/steps/1'].put.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'id', in: 'path', required: true })]),
    );
    expect(
      spec.body.paths['/api/quotations/{id}/steps/1'].put.requestBody.content['application/json'].schema.properties
        .contractKind.enum,
    ).toEqual(['PKWT', 'PKWTT', 'PKHL']);
    expect(spec.body.openapi).toBe('3.1.0');
    const operations = Object.values(spec.body.paths).flatMap((p) => Object.values(p as object));
    for (const op of operations) {
      expect(op).toEqual(expect.objectContaining({ operationId: expect.any(String), summary: expect.any(String) }));
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['400', '405', '503']));
    }
    expect(new Set(operations.map((op) => op.operationId)).size).toBe(operations.length);
    const created = operations.filter((op) => op.responses['201']);
    expect(created.every((op) => op.responses['201'].headers?.Location)).toBe(true);
  });

  it('serves the docs page from the installed package under a CSP, with nothing from another origin', async () => {
    const docs = await fetch(`${stack.baseUrl}/docs`);
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-security-policy')).toContain("script-src 'self'");
    const page = await docs.text();
    const assets = [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThan(3);
    for (const asset of assets) {
      expect(asset).toMatch(/^\/docs\//);
      expect((await fetch(`${stack.baseUrl}${asset}`)).status).toBe(200);
    }
    expect(await (await fetch(`${stack.baseUrl}/docs/start.js`)).text()).toContain("url: '/openapi.json'");
  });

  it('answers unknown routes and malformed JSON with problem+json', async () => {
    const missing = await stack.request('GET', '/api/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    expect(missing.body).toMatchObject({ status: 404, title: 'Not found' });
    const malformed = await stack.request('POST', '/api/auth/login', { rawBody: '{"login": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toContain('application/problem+json');
  });

  it('echoes a caller-supplied request id and makes one otherwise', async () => {
    const echoed = await stack.request('GET', '/health', { headers: { 'X-Request-Id': 'trace-123' } });
    expect(echoed.headers.get('x-request-id')).toBe('trace-123');
    const made = await stack.request('GET', '/api/nothing-here');
    expect(made.body.requestId).toBe(made.headers.get('x-request-id'));
    expect(made.body.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers 202 when no worker takes a command in time, and changes nothing meanwhile', async () => {
    const { token } = await stack.tokenFor('sales');
    const lead = { body: await stack.createLead(token) };
    const entityId = (await stack.knex('entities').where({ code: 'GSU' }).first()).id;
    const q = await stack.request('POST', '/api/quotations', { token, body: { leadId: lead.body.id, entityId } });
    expect(q.status).toBe(201);
    await stack.stopWorker();
    const response = await stack.request('PUT', `/api/quotations/${q.body.id}/steps/1`, {
      token,
      body: { contractKind: 'PKWT' },
    });
    expect(response.status).toBe(202);
    expect(response.headers.get('location')).toMatch(/^\/api\/commands\//);
    expect(await stack.knex('quotations').where({ id: q.body.id }).first()).toMatchObject({
      version: 1,
      contract_kind: null,
    });
  });
});

describe('input no route may turn into a 500', () => {
  it('answers 422 naming the field for an id beyond the integer range, a NUL character, and a malformed multipart', async () => {
    const { token } = await stack.tokenFor('sales');
    const big = await stack.request('GET', '/api/leads/2147483648', { token });
    expect(big.status).toBe(422);
    expect(big.body.errors).toEqual([{ field: 'id', message: 'must be at most 2147483647', code: 'number.max' }]);
    expect((await stack.request('GET', '/api/leads/2147483647', { token })).status).toBe(404);
    const nul = await stack.request('GET', `/api/leads?q=${encodeURIComponent('PT\u0000X')}`, { token });
    expect(nul.status).toBe(422);
    expect(nul.body.errors[0].field).toBe('q');
    const body = await stack.request('POST', '/api/leads', {
      token,
      body: await stack.leadBody({ companyName: 'PT Nul\u0000Byte' }),
    });
    expect(body.status).toBe(422);
    expect(body.body.errors[0].field).toBe('companyName');
    const multipart = await fetch(`${stack.baseUrl}/api/files?purpose=activity`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'multipart/form-data; boundary=XX' },
      body: '--XX\r\n[]--XX--',
    });
    expect(multipart.status).toBe(422);
    expect(multipart.headers.get('content-type')).toContain('application/problem+json');
  });
});

describe('methods, sorting and headers', () => {
  it('answers a method a path does not take with 405 problem+json and Allow', async () => {
    const response = await stack.request('DELETE', '/health');
    expect(response.status).toBe(405);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.headers.get('allow')).toContain('GET');
    expect(response.body).toMatchObject({ status: 405, title: 'Method not allowed' });
    // fetch refuses to send TRACE; a plain HTTP request does.
    const trace = await new Promise<http.IncomingMessage>((resolve, reject) =>
      http.request(`${stack.baseUrl}/api/leads`, { method: 'TRACE' }, resolve).on('error', reject).end(),
    );
    expect(trace.statusCode).toBe(405);
    expect(trace.headers.allow).toBe('GET, POST, HEAD, OPTIONS');
    trace.resume();
    const options = await stack.request('OPTIONS', '/api/leads/12');
    expect(options.status).toBe(204);
    expect(options.headers.get('allow')).toBe('GET, PUT, DELETE, HEAD, OPTIONS');
  });

  it('does not let a parameter route take a literal path: 405 with the literal route’s methods', async () => {
    const { token } = await stack.tokenFor('superadmin');
    const response = await stack.request('PATCH', '/api/company-groups/bulk-assign', { token, body: { name: 'x' } });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST, OPTIONS');
  });

  it('refuses a sort field a list does not offer with 422 naming the allowed values', async () => {
    const { token } = await stack.tokenFor('superadmin');
    const bad = await stack.request('GET', '/api/master/position-requirements?sort=createdAt', { token });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0]).toMatchObject({ field: 'sort', message: expect.stringContaining('id') });
    expect((await stack.request('GET', '/api/master/position-requirements?sort=-id', { token })).status).toBe(200);
  });

  it('sends security headers everywhere and no-store on API answers', async () => {
    const { token } = await stack.tokenFor('sales');
    const me = await stack.request('GET', '/api/auth/me', { token });
    expect(me.headers.get('cache-control')).toBe('no-store');
    expect(me.headers.get('x-content-type-options')).toBe('nosniff');
    expect(me.headers.get('x-frame-options')).toBe('DENY');
    expect(me.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    const health = await stack.request('GET', '/health');
    expect(health.headers.get('x-content-type-options')).toBe('nosniff');
    const refused = await stack.request('GET', '/api/auth/me');
    expect(refused.status).toBe(401);
    expect(refused.headers.get('cache-control')).toBe('no-store');
  });
});
