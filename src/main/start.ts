// `npm start`: everything in one process tree — backing services (embedded unless configured), migrations,
// the first admin, the worker and the API. Ctrl-C stops all of it.
import { loadConfig } from '../config';
import { createKnex, migrateLatest } from '../db/knex';
import { ensureAdmin } from '../auth/admin-bootstrap';
import { logger } from '../logger';
import { installTemporalLogging } from '../temporal/runtime-logging';
import { startServices } from './services';
import { onShutdown, runApi, runWorker, type Stop } from './roles';

async function main(): Promise<void> {
  const config = loadConfig();
  // Before anything touches Temporal: the dev-server launcher creates the SDK runtime, which can be set up once.
  installTemporalLogging(logger, process.env.TEMPORAL_METRICS_ADDRESS ?? '127.0.0.1:9464');
  const stops: Stop[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop();
  };
  onShutdown(logger, stopAll);
  try {
    const services = await startServices(
      {
        dataDir: config.dataDir,
        databaseUrl: config.databaseUrl,
        temporalAddress: config.temporalAddress,
        namespace: config.temporalNamespace,
        persistent: true,
        postgresPort: Number(process.env.EMBEDDED_POSTGRES_PORT || 54329),
        temporalPort: Number(process.env.TEMPORAL_PORT || 7233),
        temporalUiPort: config.temporalUiPort,
      },
      logger,
    );
    stops.push(() => services.stop());
    // The worker and the API have a pool each: commands waiting on the worker never starve API reads.
    const workerKnex = createKnex(services.databaseUrl);
    stops.push(() => workerKnex.destroy());
    const knex = createKnex(services.databaseUrl);
    stops.push(() => knex.destroy());
    const applied = await migrateLatest(knex);
    if (applied.length) logger.info({ applied }, 'migrations applied');
    await ensureAdmin(knex, config.adminEmail, config.adminPassword, logger);
    const worker = await runWorker(config, workerKnex, services.temporalAddress, logger);
    stops.push(worker.stop);
    const api = await runApi(config, knex, services.temporalAddress, logger);
    stops.push(api.stop);
    const ui = config.temporalAddress ? "(your Temporal cluster's UI)" : `http://localhost:${config.temporalUiPort}`;
    process.stdout.write(
      `\n  CAIS is running\n  API          http://localhost:${api.port}/api\n  API docs     http://localhost:${api.port}/docs\n  OpenAPI      http://localhost:${api.port}/openapi.json\n  Temporal UI  ${ui}\n  Ctrl-C stops everything.\n\n`,
    );
  } catch (error) {
    logger.error({ err: error }, 'start failed');
    await stopAll();
    process.exit(1);
  }
}

void main();
