// Prometheus metrics of the API process: HTTP latency per route, workflow-command outcomes, database pool usage and
// Node's own process metrics. The Temporal SDK exports its worker metrics on its own port (TEMPORAL_METRICS_ADDRESS).
import type { Knex } from 'knex';
import type Koa from 'koa';
import client from 'prom-client';

export const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry });

const httpDuration = new client.Histogram({
  name: 'cais_http_request_duration_seconds',
  help: 'HTTP request latency by route template, method and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [registry],
});

export type CommandOutcome = 'applied' | 'accepted_pending' | 'rejected' | 'unavailable' | 'replayed';

const commands = new client.Counter({
  name: 'cais_commands_total',
  help: 'Workflow commands (Updates) by kind and outcome',
  labelNames: ['command', 'outcome'] as const,
  registers: [registry],
});

// "pks.checklist:12" counts as "pks.checklist": ids would make a label per row.
export function countCommand(operation: string, outcome: CommandOutcome): void {
  commands.inc({ command: operation.split(':')[0], outcome });
}

// Pool gauges read when scraped; one series per pool (API, worker) this process owns.
const pools = new Map<string, Knex>();
export function watchPool(name: string, knex: Knex): void {
  pools.set(name, knex);
}

type TarnPool = { numUsed(): number; numFree(): number; numPendingAcquires(): number; max: number };
new client.Gauge({
  name: 'cais_db_pool_connections',
  help: 'Database pool connections by pool and state (used, free, pending acquires, max)',
  labelNames: ['pool', 'state'] as const,
  registers: [registry],
  collect() {
    for (const [name, knex] of pools) {
      const pool = (knex.client as { pool?: TarnPool }).pool;
      if (!pool) continue;
      this.set({ pool: name, state: 'used' }, pool.numUsed());
      this.set({ pool: name, state: 'free' }, pool.numFree());
      this.set({ pool: name, state: 'pending' }, pool.numPendingAcquires());
      this.set({ pool: name, state: 'max' }, pool.max);
    }
  },
});

// Times every request under its route template (unmatched paths as "unmatched", so scanners add no series).
export function httpMetrics(): Koa.Middleware {
  return async (ctx, next) => {
    const stop = httpDuration.startTimer();
    try {
      await next();
    } finally {
      const route = (ctx as { _matchedRoute?: string })._matchedRoute ?? 'unmatched';
      stop({ method: ctx.method, route: String(route), status: String(ctx.status) });
    }
  };
}
