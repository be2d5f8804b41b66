// The daily overdue-delivery check on the time-skipping server, activities stubbed: a contract whose notice cannot be
// sent (every retry failing) is not recorded as reminded, so the next day's check tries it again, and the other
// contracts are still reminded; with no input the check takes today's date in Jakarta.
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { PksNotice } from '../../activities/pks';
import type { OverdueFulfilment } from '../../src/db/fulfilment';
import { jakartaDate } from '../../src/domain/jakarta-time';
import { testServerExecutable } from '../../src/temporal/binaries';
import { workflowsPath } from '../../src/temporal/worker';
import type { fulfilmentOverdueWorkflow } from '../../workflows/fulfilment-overdue';

let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: testServerExecutable() } });
});

afterAll(() => env?.teardown());

it('records only the reminders it could send, and dates the check in Jakarta', async () => {
  const asked: string[] = [];
  const recorded: Array<{ pksId: number; today: string }> = [];
  const activities = {
    async findOverdueFulfilment(input: { today: string }): Promise<OverdueFulfilment[]> {
      asked.push(input.today);
      return [
        { pksId: 1, dueDate: '2026-10-01', openLines: 2 },
        { pksId: 2, dueDate: '2026-10-05', openLines: 1 },
      ];
    },
    async sendPksNotice(notice: PksNotice) {
      if (notice.pksId === 1) throw ApplicationFailure.nonRetryable('mail server refused the recipients');
    },
    async recordFulfilmentReminder(input: OverdueFulfilment & { today: string }) {
      recorded.push({ pksId: input.pksId, today: input.today });
    },
  };
  const taskQueue = `wf-${randomUUID()}`;
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath, activities });
  await worker.runUntil(async () => {
    const run = (args: Parameters<typeof fulfilmentOverdueWorkflow>) =>
      env.client.workflow.execute<typeof fulfilmentOverdueWorkflow>('fulfilmentOverdueWorkflow', {
        taskQueue,
        workflowId: `fo-${randomUUID()}`,
        args,
      });
    expect(await run([{ today: '2026-11-02' }])).toEqual({ today: '2026-11-02', reminded: [2] });
    expect(recorded).toEqual([{ pksId: 2, today: '2026-11-02' }]);
    const now = await env.currentTimeMs();
    const scheduled = await run([{}]);
    expect([jakartaDate(new Date(now)), jakartaDate(new Date(await env.currentTimeMs()))]).toContain(scheduled.today);
    expect(asked).toEqual(['2026-11-02', scheduled.today]);
  });
});
