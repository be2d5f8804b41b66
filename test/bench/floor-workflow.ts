// The floors for `npm run bench:stack`: a workflow whose Update does nothing, so its round trip is what the Temporal
// server and worker cost before any of CAIS's own work; and one whose Update runs a no-op local activity, the
// least a command that persists through an activity (DESIGN.md, "Talking to workflows") can cost.
import { condition, defineUpdate, proxyLocalActivities, setHandler } from '@temporalio/workflow';
import type { floorActivities } from './floor-activities';

export const noopUpdate = defineUpdate<number, [number]>('noop');
export const localNoopUpdate = defineUpdate<number, [number]>('localNoop');

const { noop } = proxyLocalActivities<typeof floorActivities>({ startToCloseTimeout: '10 seconds' });

export async function floorWorkflow(): Promise<void> {
  setHandler(noopUpdate, (n) => n);
  setHandler(localNoopUpdate, (n) => noop(n));
  await condition(() => false); // lives until the benchmark terminates it
}
