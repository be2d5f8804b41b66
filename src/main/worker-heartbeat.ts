// A worker process says it is alive every HEARTBEAT_INTERVAL_MS; /ready counts a worker whose beat is older than
// HEARTBEAT_FRESH_SECONDS as gone (crashed or hung), and a worker that stops cleanly removes its row at once.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Knex } from 'knex';
import { beat, forget, HEARTBEAT_INTERVAL_MS } from '../db/worker-heartbeats';
import type { Logger } from '../logger';

export async function startHeartbeat(knex: Knex, taskQueue: string, logger: Logger): Promise<() => Promise<void>> {
  const worker = { workerId: randomUUID(), taskQueue, host: os.hostname(), pid: process.pid };
  let failing = false;
  const once = () =>
    beat(knex, worker).then(
      () => (failing = false),
      (error) => {
        // Once per outage, not every beat: the database check of /ready says the rest.
        if (!failing) logger.warn({ err: error }, 'worker heartbeat not written');
        failing = true;
      },
    );
  await once();
  const timer = setInterval(() => void once(), HEARTBEAT_INTERVAL_MS);
  timer.unref();
  let stopped: Promise<void> | undefined;
  return () =>
    (stopped ??= (async () => {
      clearInterval(timer);
      await forget(knex, worker.workerId).catch(() => undefined);
    })());
}
