// Renewal reminders of an active contract on the time-skipping server, activities stubbed: reminders 90, 60 and
// 30 days before the end, then the contract expires and its run completes. RECORD_HISTORIES=1 also writes the
// run's history to test/histories/ for the replay test (the stored one was recorded with the PKS workflow as first
// landed, so the replay proves later changes keep running contracts working).
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { PksNotice } from '../../activities/pks';
import { registerSearchAttributes } from '../../src/temporal/search-attribute-registration';
import { testServerExecutable } from '../../src/temporal/binaries';
import { workflowsPath } from '../../src/temporal/worker';
import type { pksWorkflow } from '../../workflows/pks';

let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: testServerExecutable() } });
  await registerSearchAttributes(env.connection, env.namespace ?? 'default');
});

afterAll(() => env?.teardown());

const day = 24 * 60 * 60 * 1000;
const dateIn = (days: number) => new Date(Date.now() + days * day).toISOString().slice(0, 10);

it('reminds before the end and expires the contract at its end', async () => {
  const reminders: number[] = [];
  const notices: PksNotice[] = [];
  const expired: number[] = [];
  const activities = {
    async recordPksReminder(input: { daysBefore: number }) {
      reminders.push(input.daysBefore);
    },
    // Notices are handed to the outbox (the dispatcher's sending is tested with the real stack).
    async queueNotice(queued: { notice: PksNotice }) {
      notices.push(queued.notice);
    },
    async expirePks(input: { pksId: number; fromVersion: number }) {
      expired.push(input.pksId);
      return { id: input.pksId, status: 'expired', version: input.fromVersion + 1 };
    },
  };
  const taskQueue = `wf-${randomUUID()}`;
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath, activities });
  await worker.runUntil(async () => {
    const contractEnd = dateIn(100);
    const handle = await env.client.workflow.start<typeof pksWorkflow>('pksWorkflow', {
      taskQueue,
      workflowId: `pks-${randomUUID()}`,
      args: [
        {
          pksId: 9,
          number: 'PKS/9',
          spkIds: [],
          contractEnd,
          reminderDaysBefore: [30, 90, 60],
          state: { pksId: 9, status: 'active', version: 6 },
        },
      ],
    });
    await env.sleep('5 days');
    expect(reminders).toEqual([]);
    await env.sleep('10 days'); // ~90 days before the end
    expect(reminders).toEqual([90]);
    await env.sleep('60 days'); // past 60 and 30 days before
    expect(reminders).toEqual([90, 60, 30]);
    expect(expired).toEqual([]);
    expect(await handle.result()).toBe('expired');
    expect(expired).toEqual([9]);
    expect(notices.map((n) => ('daysBefore' in n ? `reminder-${n.daysBefore}` : n.event))).toEqual([
      'reminder-90',
      'reminder-60',
      'reminder-30',
      'expired',
    ]);
    if (process.env.RECORD_HISTORIES === '1') {
      fs.writeFileSync(
        path.join(__dirname, '..', 'histories', 'pks-reminders-expiry.json'),
        historyToJSON(await handle.fetchHistory()),
      );
    }
  });
});
