// The run an activity works for, for its log lines: workflow id, run id and activity type; empty outside activities.
import { Context } from '@temporalio/activity';

export function activityRun(): { workflowId?: string; runId?: string; activityType?: string } {
  try {
    const { workflowExecution, activityType } = Context.current().info;
    return { workflowId: workflowExecution?.workflowId, runId: workflowExecution?.runId, activityType };
  } catch {
    return {};
  }
}
