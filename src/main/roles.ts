// The two roles a process can play, each returning a stop function for graceful shutdown.
import http from 'node:http';
import type { WorkflowBundle } from '@temporalio/worker';
import type { Knex } from 'knex';
import { createApp } from '../api/app';
import { loadJwtKey } from '../auth/jwt-key';
import { loadSecretKey } from '../auth/secret-box';
import { createFileStore } from '../storage/file-store';
import type { Config } from '../config';
import { libreOfficeAvailable } from '../documents/libreoffice';
import type { Logger } from '../logger';
import { createTemporalClient } from '../temporal/client';
import { ensureSchedules } from '../temporal/schedules';
import { watchPool } from '../api/metrics';
import { serveMetrics } from '../api/metrics-server';
import { activityRun } from '../temporal/activity-run';
import { installTemporalLogging } from '../temporal/runtime-logging';
import { createDocumentWorker, createWorker } from '../temporal/worker';
import { createRenderer } from '../documents/renderer';
import { createPrincipalCache } from '../auth/principal-cache';
import { startHeartbeat } from './worker-heartbeat';
import { startNoticeDispatcher } from './notice-dispatcher';

export type Stop = () => Promise<void>;

// `pdfAvailable` is injectable so tests can see the API on a machine without LibreOffice.
export async function runApi(
  config: Config,
  knex: Knex,
  temporalAddress: string,
  logger: Logger,
  port = config.port,
  pdfAvailable = libreOfficeAvailable,
): Promise<{ stop: Stop; port: number; metricsPort: number | null }> {
  const temporal = await createTemporalClient(temporalAddress, config.temporalNamespace);
  await ensureSchedules(temporal, config.taskQueue, logger);
  const jwtKey = await loadJwtKey(knex, config.jwtSecret);
  const secretKey = await loadSecretKey(knex, config.secretsKey);
  watchPool('api', knex);
  const app = createApp(
    {
      knex,
      temporal,
      config,
      jwtKey,
      secretKey,
      files: createFileStore(config.fileStore, knex, config.storageDir, config.s3),
      pdfAvailable,
      principals: createPrincipalCache(knex),
    },
    logger,
  );
  const server = http.createServer(app.callback());
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, config.host, resolve));
  const actualPort = (server.address() as { port: number }).port;
  const metrics = await serveMetrics(config.metricsHost, config.metricsPort, logger);
  return {
    port: actualPort,
    metricsPort: metrics.port,
    stop: async () => {
      await metrics.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await temporal.connection.close();
    },
  };
}

export async function runWorker(
  config: Config,
  knex: Knex,
  temporalAddress: string,
  logger: Logger,
  workflowBundle?: WorkflowBundle,
): Promise<{ stop: Stop }> {
  installTemporalLogging(logger);
  watchPool('worker', knex);
  const activityDeps = {
    knex,
    files: createFileStore(config.fileStore, knex, config.storageDir, config.s3),
    secretKey: await loadSecretKey(knex, config.secretsKey),
    smtpUrl: config.smtpUrl,
    smtpPolicy: { allowedHosts: config.userSmtpAllowedHosts },
    mailFrom: config.mailFrom,
    pricing: { workingDaysPerMonth: config.workingDaysPerMonth, pricingPolicy: config.pricingPolicy },
    quotationValidityDays: config.quotationValidityDays,
    fulfilmentDueDays: config.fulfilmentDueDays,
    log: (message: string, meta: object) => logger.info({ ...activityRun(), ...meta }, message),
  };
  const options = { address: temporalAddress, namespace: config.temporalNamespace, taskQueue: config.taskQueue };
  const renderer = createRenderer();
  const workers = [
    await createWorker({ ...options, activityDeps, logger, workflowBundle }),
    await createDocumentWorker({
      ...options,
      deps: { knex, files: activityDeps.files, renderer, quotationValidityDays: config.quotationValidityDays },
    }),
  ];
  const stopHeartbeat = await startHeartbeat(knex, config.taskQueue, logger);
  const stopDispatcher = startNoticeDispatcher(activityDeps, logger);
  const running = workers.map(({ worker }) => {
    const run = worker.run();
    run.catch((error) => {
      logger.error({ err: error }, 'worker stopped with an error');
      void stopHeartbeat();
    });
    return run;
  });
  logger.info({ taskQueue: config.taskQueue }, 'workers running');
  let stopped: Promise<void> | undefined;
  return {
    // Idempotent: shutdown paths may call it more than once.
    stop: () =>
      (stopped ??= (async () => {
        await stopHeartbeat();
        await stopDispatcher();
        for (const { worker } of workers) if (worker.getState() === 'RUNNING') worker.shutdown();
        await Promise.all(running.map((run) => run.catch(() => undefined)));
        for (const worker of workers) await worker.close();
        await renderer.close();
      })()),
  };
}

// Runs `stop` once on SIGINT/SIGTERM, then exits.
export function onShutdown(logger: Logger, stop: Stop): void {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    stop()
      .then(() => process.exit(0))
      .catch((error) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
