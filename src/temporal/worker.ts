// Builds the worker: the workflow bundle from workflows/ and activities from their factory.
import { bundleWorkflowCode, NativeConnection, Worker, type WorkflowBundle } from '@temporalio/worker';
import type { Knex } from 'knex';
import { createActivities } from '../../activities';

export const workflowsPath = require.resolve('../../workflows');

export function bundleWorkflows(): Promise<WorkflowBundle> {
  return bundleWorkflowCode({ workflowsPath });
}

export interface WorkerOptions {
  address: string;
  namespace: string;
  taskQueue: string;
  knex: Knex;
  workflowBundle?: WorkflowBundle;
}

export interface RunnableWorker {
  worker: Worker;
  // Closes the worker's connection; call after worker.run() has resolved.
  close(): Promise<void>;
}

export async function createWorker(options: WorkerOptions): Promise<RunnableWorker> {
  const connection = await NativeConnection.connect({ address: options.address });
  const worker = await Worker.create({
    connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowBundle: options.workflowBundle ?? (await bundleWorkflows()),
    activities: createActivities({ knex: options.knex }),
  });
  return { worker, close: () => connection.close() };
}
