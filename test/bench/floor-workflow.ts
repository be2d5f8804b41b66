// The floor for `npm run bench:stack`: a workflow whose Update does nothing, so its round trip is what the
// Temporal server and worker cost before any of CAIS's own work.
import { condition, defineUpdate, setHandler } from '@temporalio/workflow';

export const noopUpdate = defineUpdate<number, [number]>('noop');

export async function floorWorkflow(): Promise<void> {
  setHandler(noopUpdate, (n) => n);
  await condition(() => false); // lives until the benchmark terminates it
}
