// The backing services for `npm start` and `npm test`: configured ones when their env vars are set, otherwise
// an embedded PostgreSQL and the Temporal CLI dev server, both under the data directory.
import fs from 'node:fs';
import path from 'node:path';
import { startEmbeddedPostgres } from '../db/embedded-postgres';
import { startDevServer } from '../temporal/dev-server';
import type { Logger } from '../logger';

export interface ServiceOptions {
  dataDir: string;
  databaseUrl?: string;
  temporalAddress?: string;
  namespace: string;
  // Persistent data and fixed ports for `npm start`; throwaway data on free ports for tests.
  persistent: boolean;
  postgresPort: number;
  temporalPort?: number;
  temporalUiPort?: number;
}

export interface Services {
  databaseUrl: string;
  temporalAddress: string;
  stop(): Promise<void>;
}

export async function startServices(options: ServiceOptions, logger: Logger): Promise<Services> {
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const fn of stops.reverse())
      await fn().catch((error) => logger.warn({ err: error }, 'stopping a service failed'));
  };
  try {
    fs.mkdirSync(options.dataDir, { recursive: true });
    let databaseUrl = options.databaseUrl;
    if (!databaseUrl) {
      const dataDir = options.persistent
        ? path.join(options.dataDir, 'postgres')
        : fs.mkdtempSync(path.join(options.dataDir, 'pg-test-'));
      const db = await startEmbeddedPostgres({
        dataDir,
        port: options.postgresPort,
        persistent: options.persistent,
        database: 'cais',
      });
      stops.push(() => db.stop());
      databaseUrl = db.url;
      logger.info({ port: options.postgresPort, dataDir }, 'embedded PostgreSQL started');
    }
    let temporalAddress = options.temporalAddress;
    if (!temporalAddress) {
      const server = await startDevServer({
        dbFilename: options.persistent ? path.join(options.dataDir, 'temporal.db') : undefined,
        port: options.temporalPort,
        uiPort: options.temporalUiPort,
        namespace: options.namespace,
      });
      stops.push(() => server.stop());
      temporalAddress = server.address;
      logger.info({ address: temporalAddress }, 'Temporal dev server started');
    }
    return { databaseUrl, temporalAddress, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
