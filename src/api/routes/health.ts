// Liveness (the process answers) and readiness (Postgres and Temporal reachable).
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
      const { knex, temporal } = ctx.deps;
      const checks = {
        database: await check(() => knex.raw('select 1')),
        temporal: await check(() => temporal.connection.workflowService.getSystemInfo({})),
        pdf: ctx.deps.pdfAvailable()
          ? 'ok'
          : 'unavailable: install LibreOffice (apt-get install libreoffice-writer-nogui python3-uno)',
      };
      if (checks.database !== 'ok' || checks.temporal !== 'ok') {
        throw unavailable(`not ready: database ${checks.database}, temporal ${checks.temporal}`);
      }
      return { status: 'ready', checks };
    },
  },
];
