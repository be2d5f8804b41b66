import type { Knex } from 'knex';

// One row per running worker process, beaten every few seconds (src/main/worker-heartbeat.ts): /ready tells "workers
// down" within seconds of the last one's exit or crash, where Temporal lists a dead poller for minutes.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('worker_heartbeats', (t) => {
    t.string('worker_id', 64).primary();
    t.string('task_queue', 200).notNullable().index();
    t.string('host', 200).notNullable();
    t.integer('pid').notNullable();
    t.timestamp('started_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('beat_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('worker_heartbeats');
}
