// The parts `npm start` supervises. Postgres and the Temporal dev server are started only when no DATABASE_URL or
// TEMPORAL_ADDRESS points elsewhere; the worker and the API run as child processes of their own, so each can crash
// and be restarted alone. Children leave when the supervisor is gone (their IPC channel closes).
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { projectRoot } from '../config';
import { startEmbeddedPostgres } from '../db/embedded-postgres';
import type { Logger } from '../logger';
import { devServerExecutable } from '../temporal/binaries';
import { ALL_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { forgetPid, recordPid } from './leftovers';
import type { Part, RunningPart } from './supervisor';

type Exit = { code: number | null; signal: NodeJS.Signals | null };

const exitOf = (child: ChildProcess) =>
  new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

// Sends `signal`, then SIGKILL if the process has not left within `graceMs`.
async function terminate(child: ChildProcess, exited: Promise<Exit>, signal: NodeJS.Signals, graceMs: number) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export function postgresPart(options: { dataDir: string; port: number; onUrl: (url: string) => void }): Part {
  return {
    name: 'postgres',
    async start(): Promise<RunningPart> {
      const db = await startEmbeddedPostgres({
        dataDir: path.join(options.dataDir, 'postgres'),
        port: options.port,
        persistent: true,
        database: 'cais',
      });
      if (db.pid) recordPid(options.dataDir, 'postgres', db.pid, db.cluster);
      options.onUrl(db.url);
      return {
        pid: db.pid,
        exited: db.exited,
        stop: async () => {
          await db.stop();
          forgetPid(options.dataDir, 'postgres');
        },
      };
    },
  };
}

export function temporalPart(options: {
  dataDir: string;
  port: number;
  uiPort: number;
  namespace: string;
  logger: Logger;
}): Part {
  const dbFile = path.join(options.dataDir, 'temporal.db');
  return {
    name: 'temporal',
    async start(): Promise<RunningPart> {
      const executable = devServerExecutable();
      if (executable.type !== 'existing-path')
        throw new Error(
          'the temporal CLI was not found: run `npm start` (it installs it into .tools/) or set TEMPORAL_CLI',
        );
      const args = [
        'server',
        'start-dev',
        '--ip',
        '127.0.0.1',
        '--port',
        String(options.port),
        '--ui-port',
        String(options.uiPort),
        '--db-filename',
        dbFile,
        '--namespace',
        options.namespace,
        '--log-level',
        'error',
        ...ALL_SEARCH_ATTRIBUTES.flatMap((a) => ['--search-attribute', `${a.name}=Keyword`]),
      ];
      const child = spawn(executable.path, args, { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
      const exited = exitOf(child);
      if (child.pid) recordPid(options.dataDir, 'temporal', child.pid, dbFile);
      const address = `127.0.0.1:${options.port}`;
      const deadline = Date.now() + 60_000;
      for (;;) {
        if (child.exitCode !== null)
          throw new Error(
            `the Temporal dev server exited (code ${child.exitCode}): ${stderr.trim() || 'no output'}; is port ${options.port} or ${options.uiPort} in use? Set TEMPORAL_PORT / TEMPORAL_UI_PORT`,
          );
        try {
          const connection = await Connection.connect({ address, connectTimeout: 1000 });
          await connection.workflowService.getSystemInfo({});
          await connection.close();
          break;
        } catch (error) {
          if (Date.now() > deadline) {
            child.kill('SIGKILL');
            throw new Error(`the Temporal dev server did not answer on ${address} within 60 s: ${String(error)}`, {
              cause: error,
            });
          }
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      }
      return {
        pid: child.pid,
        exited,
        stop: async () => {
          await terminate(child, exited, 'SIGTERM', 10_000);
          forgetPid(options.dataDir, 'temporal');
        },
      };
    },
  };
}

// A Node entry point (src/main/api.ts, src/main/worker.ts) as a child process; ready when it says so over IPC.
export function nodePart(options: {
  name: string;
  script: string;
  dataDir: string;
  env: () => NodeJS.ProcessEnv;
}): Part {
  const script = path.join(projectRoot, options.script);
  return {
    name: options.name,
    async start(): Promise<RunningPart> {
      const child = spawn(process.execPath, ['--import', 'tsx', script], {
        cwd: projectRoot,
        env: options.env(),
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      const exited = exitOf(child);
      if (child.pid) recordPid(options.dataDir, options.name, child.pid, script);
      await new Promise<void>((resolve, reject) => {
        child.on('message', (message: { ready?: boolean }) => message.ready && resolve());
        void exited.then(({ code, signal }) =>
          reject(new Error(`${options.name} exited while starting (code ${code}, signal ${signal})`)),
        );
      });
      return {
        pid: child.pid,
        exited,
        stop: async () => {
          await terminate(child, exited, 'SIGTERM', 30_000);
          forgetPid(options.dataDir, options.name);
        },
      };
    },
  };
}
