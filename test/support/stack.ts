// The real stack for integration tests: a fresh database, a worker on its own task queue against the shared
// Temporal dev server, and the API on a free port, driven over HTTP like a client.
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflows } from '../../src/temporal/worker';
import { loadConfig, type Config } from '../../src/config';
import { hashPassword } from '../../src/auth/passwords';
import { logger } from '../../src/logger';
import { runApi, runWorker, type Stop } from '../../src/main/roles';
import { createTestDatabase, type TestDatabase } from './database';
import type { WorkflowBundle } from '@temporalio/worker';

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface TestUser {
  id: number;
  email: string;
  password: string;
}

let bundle: Promise<WorkflowBundle> | undefined;

// A company-like word of random letters: digits would be dropped by the duplicate-company rule.
export function randomWord(length = 12): string {
  return randomUUID()
    .replace(/-/g, '')
    .slice(0, length)
    .replace(/[0-9]/g, (d) => 'ghijklmnop'[Number(d)]);
}

export class Stack {
  private constructor(
    readonly config: Config,
    readonly db: TestDatabase,
    readonly temporal: Client,
    readonly baseUrl: string,
    readonly metricsUrl: string,
    private readonly stops: Stop[],
    private worker: Stop | undefined,
  ) {}

  static async start(overrides: Partial<Config> = {}, options: { pdfAvailable?: () => boolean } = {}): Promise<Stack> {
    const temporalAddress = process.env.TEMPORAL_ADDRESS;
    if (!temporalAddress) throw new Error('TEMPORAL_ADDRESS is not set: run the suites through `npm test`');
    const config: Config = {
      ...loadConfig(),
      taskQueue: `test-${randomUUID()}`,
      jwtSecret: undefined,
      metricsPort: 0,
      ...overrides,
    };
    const db = await createTestDatabase();
    const stops: Stop[] = [() => db.drop()];
    bundle ??= bundleWorkflows(logger);
    const worker = await runWorker(config, db.knex, temporalAddress, logger, await bundle);
    const api = await runApi(config, db.knex, temporalAddress, logger, 0, options.pdfAvailable);
    stops.push(api.stop);
    const connection = await Connection.connect({ address: temporalAddress });
    stops.push(() => connection.close());
    const client = new Client({ connection, namespace: config.temporalNamespace });
    return new Stack(
      config,
      db,
      client,
      `http://127.0.0.1:${api.port}`,
      `http://127.0.0.1:${api.metricsPort}/metrics`,
      stops,
      worker.stop,
    );
  }

  async stopWorker(): Promise<void> {
    const stop = this.worker;
    this.worker = undefined;
    await stop?.();
  }

  // A worker again on the same task queue (after stopWorker), as an operator restarting one would.
  async startWorker(): Promise<void> {
    if (this.worker) return;
    bundle ??= bundleWorkflows(logger);
    this.worker = (
      await runWorker(this.config, this.db.knex, process.env.TEMPORAL_ADDRESS!, logger, await bundle)
    ).stop;
  }

  get knex() {
    return this.db.knex;
  }

  async stop(): Promise<void> {
    const [dropDatabase, ...rest] = this.stops;
    for (const stop of rest.reverse()) await stop();
    await this.stopWorker();
    await dropDatabase();
  }

  async request<T = any>(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string>; rawBody?: string } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    if (options.body !== undefined || options.rawBody !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(this.baseUrl + path, {
      method,
      headers,
      body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  }

  // Test fixture: a user with the given role, inserted directly (user administration is tested over HTTP separately).
  async createUser(roleCode: string, extra: { branchId?: number; entityIds?: number[] } = {}): Promise<TestUser> {
    const suffix = randomUUID().slice(0, 8);
    const email = `${roleCode}-${suffix}@test.local`;
    const password = `pw-${randomUUID()}`;
    const role = await this.knex('roles').where({ code: roleCode }).first();
    if (!role) throw new Error(`no role ${roleCode}`);
    const [row] = await this.knex('users')
      .insert({
        email,
        username: `${roleCode}_${suffix}`,
        full_name: `${roleCode} ${suffix}`,
        password_hash: await hashPassword(password),
        role_id: role.id,
        branch_id: extra.branchId ?? null,
      })
      .returning('id');
    for (const entityId of extra.entityIds ?? [])
      await this.knex('user_entities').insert({ user_id: row.id, entity_id: entityId });
    return { id: row.id, email, password };
  }

  async login(user: TestUser): Promise<{ accessToken: string; refreshToken: string }> {
    const response = await this.request('POST', '/api/auth/login', {
      body: { login: user.email, password: user.password },
    });
    if (response.status !== 200) throw new Error(`login failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }

  async branch(name = 'Jakarta Pusat'): Promise<number> {
    const existing = await this.knex('branches').where({ name }).first();
    if (existing) return existing.id;
    const [row] = await this.knex('branches').insert({ name }).returning('id');
    return row.id;
  }

  // A valid lead body (Kota Bekasi, Security) with `overrides` applied.
  async leadBody(overrides: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    return {
      companyName: `PT ${randomWord()}`,
      picName: 'Budi',
      branchId: await this.branch(),
      serviceLineIds: [1],
      provinceCode: '32',
      cityCode: '32.75',
      ...overrides,
    };
  }

  async createLead(token: string, overrides: Record<string, unknown> = {}): Promise<any> {
    const response = await this.request('POST', '/api/leads', { token, body: await this.leadBody(overrides) });
    if (response.status !== 201)
      throw new Error(`lead not created: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }

  async tokenFor(
    roleCode: string,
    extra: { branchId?: number; entityIds?: number[] } = {},
  ): Promise<{ user: TestUser; token: string }> {
    const user = await this.createUser(roleCode, extra);
    return { user, token: (await this.login(user)).accessToken };
  }
}
