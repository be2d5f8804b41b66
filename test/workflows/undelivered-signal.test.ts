// A run that signals another run which cannot take it (ended, failed, never started) records the signal for ops
// and carries on: nothing is dropped silently.
import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { UndeliveredSignal } from '../../activities/signals';
import { registerSearchAttributes } from '../../src/temporal/search-attribute-registration';
import { testServerExecutable } from '../../src/temporal/binaries';
import { workflowsPath } from '../../src/temporal/worker';
import { spkStateQuery } from '../../workflows/spk-contract';
import type { spkWorkflow } from '../../workflows/spk';

let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: testServerExecutable() } });
  await registerSearchAttributes(env.connection, env.namespace ?? 'default');
});

afterAll(() => env?.teardown());

it('records the conversion signal to a quotation run that does not exist, and the SPK run goes on', async () => {
  const recorded: UndeliveredSignal[] = [];
  const activities = {
    async recordUndeliveredSignal(record: UndeliveredSignal) {
      recorded.push(record);
    },
  };
  const taskQueue = `wf-${randomUUID()}`;
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath, activities });
  await worker.runUntil(async () => {
    const workflowId = `spk-undelivered-${randomUUID()}`;
    const handle = await env.client.workflow.start<typeof spkWorkflow>('spkWorkflow', {
      taskQueue,
      workflowId,
      args: [{ spkId: 77, number: 'SPK/GSU/AAAAA-20270101-00001', quotationIds: [987654321] }],
    });
    const until = Date.now() + 20_000;
    while (!recorded.length && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    expect(recorded).toEqual([
      expect.objectContaining({
        fromWorkflowId: workflowId,
        targetWorkflowId: 'quotation-987654321',
        signal: 'convertedToSpk',
        payload: { spkId: 77, number: 'SPK/GSU/AAAAA-20270101-00001' },
      }),
    ]);
    expect((await handle.query(spkStateQuery)).status).toBe('draft');
    expect((await handle.describe()).status.name).toBe('RUNNING');
  });
});
