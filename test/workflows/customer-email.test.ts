// The activity e-mail workflow against the time-skipping test server, with delivery stubbed: retries outlast a
// server that is down for a while, and a delivery that cannot succeed ends as a recorded failure.
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { testServerExecutable } from '../../src/temporal/binaries';
import { workflowsPath } from '../../src/temporal/worker';
import type { customerEmailWorkflow } from '../../workflows/customer-email';

let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: testServerExecutable() } });
});

afterAll(() => env?.teardown());

async function run(deliver: () => Promise<string>) {
  const failures: Array<{ messageId: number; reason: string }> = [];
  let attempts = 0;
  const activities = {
    async deliverEmail() {
      attempts += 1;
      return deliver();
    },
    async markEmailFailed(messageId: number, reason: string) {
      failures.push({ messageId, reason });
    },
  };
  const taskQueue = `wf-${randomUUID()}`;
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath, activities });
  const result = await worker.runUntil(
    env.client.workflow.execute<typeof customerEmailWorkflow>('customerEmailWorkflow', {
      taskQueue,
      workflowId: `email-${randomUUID()}`,
      args: [{ messageId: 42 }],
    }),
  );
  return { result, failures, attempts: () => attempts };
}

it('retries delivery until the SMTP server answers', async () => {
  let calls = 0;
  const outcome = await run(async () => {
    calls += 1;
    if (calls < 3) throw new Error('connect ECONNREFUSED');
    return 'sent';
  });
  expect(outcome.result).toBe('sent');
  expect(outcome.attempts()).toBe(3);
  expect(outcome.failures).toEqual([]);
});

it('records a failure after the last attempt', async () => {
  const outcome = await run(async () => {
    throw new Error('connect ECONNREFUSED');
  });
  expect(outcome.result).toBe('failed');
  expect(outcome.attempts()).toBe(8);
  expect(outcome.failures).toEqual([{ messageId: 42, reason: 'connect ECONNREFUSED' }]);
});

it('does not retry when every recipient is refused', async () => {
  const outcome = await run(async () => {
    throw ApplicationFailure.nonRetryable('550 no such user', 'EmailRejected');
  });
  expect(outcome.result).toBe('failed');
  expect(outcome.attempts()).toBe(1);
  expect(outcome.failures).toEqual([{ messageId: 42, reason: '550 no such user' }]);
});
