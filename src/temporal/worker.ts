// Builds the worker: the workflow bundle from workflows/ and activities from their factory.
import { bundleWorkflowCode, NativeConnection, Worker, type WorkflowBundle } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../../activities';
import { createDocumentActivities, type DocumentDeps } from '../../activities/documents';
import { documentsTaskQueue } from '../../workflows/document';
import type { Logger } from '../logger';
import { sdkLogger } from './runtime-logging';

export const workflowsPath = require.resolve('../../workflows');

export function bundleWorkflows(logger: Logger): Promise<WorkflowBundle> {
  return bundleWorkflowCode({ workflowsPath, logger: sdkLogger(logger) });
}

export interface WorkerOptions {
  address: string;
  namespace: string;
  taskQueue: string;
  activityDeps: ActivityDeps;
  logger: Logger;
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
    workflowBundle: options.workflowBundle ?? (await bundleWorkflows(options.logger)),
    activities: createActivities(options.activityDeps),
  });
  return { worker, close: () => connection.close() };
}

// The documents worker: only rendering activities, one at a time, matching the one LibreOffice Carbone drives.
export async function createDocumentWorker(options: {
  address: string;
  namespace: string;
  taskQueue: string;
  deps: DocumentDeps;
}): Promise<RunnableWorker> {
  const connection = await NativeConnection.connect({ address: options.address });
  const worker = await Worker.create({
    connection,
    namespace: options.namespace,
    taskQueue: documentsTaskQueue(options.taskQueue),
    activities: createDocumentActivities(options.deps),
    maxConcurrentActivityTaskExecutions: 1,
  });
  return { worker, close: () => connection.close() };
}
