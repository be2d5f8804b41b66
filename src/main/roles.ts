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
import { installTemporalLogging } from '../temporal/runtime-logging';
import { createWorker } from '../temporal/worker';

export type Stop = () => Promise<void>;

export async function runApi(config: Config, knex: Knex, temporalAddress: string, logger: Logger, port = config.port): Promise<{ stop: Stop; port: number }> {
  const temporal = await createTemporalClient(temporalAddress, config.temporalNamespace);
  const jwtKey = await loadJwtKey(knex, config.jwtSecret);
  const secretKey = await loadSecretKey(knex, config.secretsKey);
  const app = createApp({ knex, temporal, config, jwtKey, secretKey, files: createFileStore(config.storageDir), pdfAvailable: libreOfficeAvailable }, logger);
  const server = http.createServer(app.callback());
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, resolve));
  const actualPort = (server.address() as { port: number }).port;
  return {
    port: actualPort,
    stop: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await temporal.connection.close();
    },
  };
}

export async function runWorker(config: Config, knex: Knex, temporalAddress: string, logger: Logger, workflowBundle?: WorkflowBundle): Promise<{ stop: Stop }> {
  installTemporalLogging(logger);
  const activityDeps = {
    knex,
    files: createFileStore(config.storageDir),
    secretKey: await loadSecretKey(knex, config.secretsKey),
    smtpUrl: config.smtpUrl,
    mailFrom: config.mailFrom,
    workingDaysPerMonth: config.workingDaysPerMonth,
    log: (message: string, meta: object) => logger.info(meta, message),
  };
  const { worker, close } = await createWorker({ address: temporalAddress, namespace: config.temporalNamespace, taskQueue: config.taskQueue, activityDeps, logger, workflowBundle });
  const running = worker.run();
  running.catch((error) => logger.error({ err: error }, 'worker stopped with an error'));
  logger.info({ taskQueue: config.taskQueue }, 'worker running');
  let stopped: Promise<void> | undefined;
  return {
    // Idempotent: shutdown paths may call it more than once.
    stop: () =>
      (stopped ??= (async () => {
        if (worker.getState() === 'RUNNING') worker.shutdown();
        await running.catch(() => undefined);
        await close();
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
