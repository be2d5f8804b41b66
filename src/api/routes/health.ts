// Liveness (the process answers) and readiness: Postgres and Temporal reachable and a worker polling each task queue,
// with details ops need (failed runs, notices waiting for mail).
import { noticesWaiting, undeliveredSignals } from '../../db/notice-deliveries';
import { failedRunCount, taskQueuePollers } from '../../temporal/readiness';
import { HEARTBEAT_FRESH_SECONDS, liveWorkers } from '../../db/worker-heartbeats';
import type { RouteSpec } from '../route';
import { unavailable } from '../problem';

async function check(fn: () => Promise<unknown>, timeoutMs = 3000): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), timeoutMs))),
    ]);
    return 'ok';
  } catch (error) {
    return `down: ${(error as Error).message}`;
  } finally {
    clearTimeout(timer);
  }
}

export const healthRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/health',
    summary: 'Liveness',
    tag: 'health',
    public: true,
    handler: async () => ({ status: 'ok' }),
  },
  {
    method: 'get',
    path: '/ready',
    summary: 'Readiness: Postgres and Temporal reachable; PDF rendering availability reported',
    tag: 'health',
    public: true,
    async handler(ctx) {
      const { knex, temporal, config } = ctx.deps;
      const checks: Record<string, string> = {
        database: await check(() => knex.raw('select 1')),
        temporal: await check(() => temporal.connection.workflowService.getSystemInfo({})),
        pdf: ctx.deps.pdfAvailable()
          ? 'ok'
          : 'unavailable: install LibreOffice (apt-get install libreoffice-writer-nogui python3-uno)',
      };
      const details: Record<string, unknown> = {};
      if (checks.temporal === 'ok') {
        let pollers: Awaited<ReturnType<typeof taskQueuePollers>> = {};
        checks.workers = await check(async () => {
          pollers = await taskQueuePollers(temporal, config.temporalNamespace, config.taskQueue);
          const idle = Object.entries(pollers).filter(([, p]) => Object.values(p).some((n) => n === 0));
          if (idle.length) throw new Error(`no worker polls ${idle.map(([name]) => name).join(', ')}`);
          // Temporal lists a dead poller for a minute or more; the workers' own heartbeats tell within seconds.
          const { live, lastBeatSecondsAgo } = await liveWorkers(knex, config.taskQueue, HEARTBEAT_FRESH_SECONDS);
          details.liveWorkers = live;
          if (live === 0)
            throw new Error(
              `no worker alive (${lastBeatSecondsAgo === null ? 'none has started' : `last heartbeat ${lastBeatSecondsAgo} s ago`})`,
            );
        });
        details.taskQueues = pollers;
        details.failedRuns = await failedRunCount(temporal).catch(() => 'unknown');
      }
      if (checks.database === 'ok') {
        details.noticesWaitingForMail = await noticesWaiting(knex).catch(() => 'unknown');
        details.undeliveredSignals = await undeliveredSignals(knex).catch(() => 'unknown');
      }
      const failing = ['database', 'temporal', 'workers'].filter((name) => checks[name] && checks[name] !== 'ok');
      if (failing.length) {
        throw unavailable(`not ready: ${failing.map((name) => `${name} ${checks[name]}`).join(', ')}`, 5);
      }
      return { status: 'ready', checks, details };
    },
  },
];
