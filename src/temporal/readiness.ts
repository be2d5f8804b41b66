// What readiness means for the Temporal side: the server answers, a worker polls each of our task queues (without
// one every command would time out), and how many of our runs have failed (for ops to look at).
import type { Client } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';
import { documentsTaskQueue } from '../../workflows/document';

const { TaskQueueType } = proto.api.enums.v1;
const LIVE_POLLER_MS = 90_000;

export async function taskQueuePollers(client: Client, namespace: string, taskQueue: string) {
  // The documents queue takes rendering activities only.
  const queues: Array<[string, boolean]> = [
    [taskQueue, true],
    [documentsTaskQueue(taskQueue), false],
  ];
  const result: Record<string, { workflowPollers?: number; activityPollers: number }> = {};
  for (const [name, hasWorkflows] of queues) {
    // A live worker long-polls for up to a minute, so its last access is never older than that; the server keeps
    // listing a dead one for minutes.
    const count = async (taskQueueType: number) => {
      const { pollers } = await client.workflowService.describeTaskQueue({
        namespace,
        taskQueue: { name },
        taskQueueType,
      });
      const since = Date.now() - LIVE_POLLER_MS;
      return (pollers ?? []).filter((p) => Number(p.lastAccessTime?.seconds ?? 0) * 1000 >= since).length;
    };
    result[name] = {
      ...(hasWorkflows ? { workflowPollers: await count(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW) } : {}),
      activityPollers: await count(TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY),
    };
  }
  return result;
}

// Runs that ended failed: a business run should never (side channels are handed off), so any is worth a look.
export async function failedRunCount(client: Client): Promise<number> {
  const { count } = await client.workflow.count('ExecutionStatus = "Failed"');
  return count;
}
