// Worker processes' heartbeats: written by each worker, read by /ready.
import type { Knex } from 'knex';

// A beat every 5 s; three missed and the worker counts as gone.
export const HEARTBEAT_INTERVAL_MS = 5_000;
export const HEARTBEAT_FRESH_SECONDS = 15;

export interface WorkerIdentity {
  workerId: string;
  taskQueue: string;
  host: string;
  pid: number;
}

export async function beat(knex: Knex, worker: WorkerIdentity): Promise<void> {
  await knex('worker_heartbeats')
    .insert({ worker_id: worker.workerId, task_queue: worker.taskQueue, host: worker.host, pid: worker.pid })
    .onConflict('worker_id')
    .merge({ beat_at: knex.fn.now() });
}

export async function forget(knex: Knex, workerId: string): Promise<void> {
  await knex('worker_heartbeats').where({ worker_id: workerId }).delete();
}

// Workers of a queue that beat within `freshSeconds`, and how long ago the newest beat was (null: none ever).
export async function liveWorkers(
  knex: Knex,
  taskQueue: string,
  freshSeconds: number,
): Promise<{ live: number; lastBeatSecondsAgo: number | null }> {
  const row = await knex('worker_heartbeats')
    .where({ task_queue: taskQueue })
    .select(
      knex.raw('count(*) FILTER (WHERE beat_at > now() - make_interval(secs => ?))::int as live', [freshSeconds]),
      knex.raw('extract(epoch FROM now() - max(beat_at))::float as "lastBeat"'),
    )
    .first();
  return { live: row.live, lastBeatSecondsAgo: row.lastBeat === null ? null : Math.round(row.lastBeat) };
}
