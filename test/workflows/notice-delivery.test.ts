// A mail outage never ends a business run: on the time-skipping server, SMTP is down for three days while a
// quotation waits for approval. Its notices are handed to delivery runs that keep retrying and record each failure;
// the quotation run keeps taking commands; when SMTP is back every notice is delivered, none twice.
import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { WorkflowExecutionStatusName } from '@temporalio/client';
import type { DeliveryRecord } from '../../activities/notice-deliveries';
import type { Notice } from '../../activities/quotation-approvals';
import type { ApprovalStep } from '../../src/domain/quotation/approval';
import { registerSearchAttributes } from '../../src/temporal/search-attribute-registration';
import { testServerExecutable } from '../../src/temporal/binaries';
import { workflowsPath } from '../../src/temporal/worker';
import { decisionUpdate, submitUpdate } from '../../workflows/quotation-contract';
import { quotationRecord } from '../support/quotation-record';
import type { quotationWorkflow } from '../../workflows/quotation';

let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: testServerExecutable() } });
  await registerSearchAttributes(env.connection, env.namespace ?? 'default');
});

afterAll(() => env?.teardown());

const LEVEL: ApprovalStep = {
  level: 1,
  name: 'Direktur Sales',
  roleCode: 'dir_sales',
  escalationHours: 24,
  escalationRoleCode: null,
};

it('keeps the quotation run alive and delivers every notice once SMTP is back after three days', async () => {
  let smtpUp = false;
  const delivered: Notice[] = [];
  const failedAttempts: string[] = [];
  const deliveries = new Map<string, DeliveryRecord[]>();
  const activities = {
    async submitQuotation(input: { fromVersion: number }) {
      return {
        record: quotationRecord({
          status: 'submitted',
          submission: 1,
          pendingLevel: 1,
          version: input.fromVersion + 1,
        }),
        validityDays: 30,
        submission: 1,
        levels: [LEVEL],
        authorUserId: 7,
      };
    },
    async recordEscalation() {},
    async recordDecision(input: { fromVersion: number }) {
      return quotationRecord({ status: 'approved', submission: 1, version: input.fromVersion + 1 });
    },
    async sendApprovalNotice(notice: Notice) {
      if (!smtpUp) {
        failedAttempts.push(notice.kind);
        throw new Error('connect ECONNREFUSED 127.0.0.1:25');
      }
      delivered.push(notice);
    },
    async recordNoticeDelivery(entry: DeliveryRecord) {
      deliveries.set(entry.workflowId, [...(deliveries.get(entry.workflowId) ?? []), entry]);
    },
  };
  const taskQueue = `wf-${randomUUID()}`;
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath, activities });
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start<typeof quotationWorkflow>('quotationWorkflow', {
      taskQueue,
      workflowId: `quotation-smtp-down-${randomUUID()}`,
      args: [{ quotationId: 5, number: 'Q', state: { quotationId: 5, status: 'draft', step: 100, version: 3 } }],
    });
    await handle.executeUpdate(submitUpdate, { args: [{ userId: 7 }] });
    await env.sleep('3 days');
    // Three days of outage: the run is alive, its notices (approval needed, then daily reminders) wait in delivery runs.
    expect((await handle.describe()).status.name).toBe<WorkflowExecutionStatusName>('RUNNING');
    expect(delivered).toEqual([]);
    expect(failedAttempts.length).toBeGreaterThan(3);
    expect(deliveries.size).toBeGreaterThanOrEqual(3);
    for (const entries of deliveries.values()) {
      expect(entries.at(-1)).toMatchObject({ status: 'retrying', lastError: 'connect ECONNREFUSED 127.0.0.1:25' });
    }
    // It still takes commands.
    const approved = await handle.executeUpdate(decisionUpdate, {
      args: [{ userId: 9, roleCode: 'dir_sales', decision: 'approve' }],
    });
    expect(approved.status).toBe('approved');

    smtpUp = true;
    await env.sleep('7 hours');
    const waiting = deliveries.size;
    expect([...deliveries.values()].map((entries) => entries.at(-1)!.status)).toEqual(
      Array.from({ length: waiting }, () => 'delivered'),
    );
    // Every notice once: approval needed, one reminder per day of waiting, and the decision.
    expect(delivered.map((n) => n.kind).sort()).toEqual(
      ['approval_needed', 'decided', ...Array.from({ length: delivered.length - 2 }, () => 'escalated')].sort(),
    );
    expect(new Set(delivered.map((n) => JSON.stringify(n))).size).toBe(delivered.length);
    expect((await handle.describe()).status.name).toBe('RUNNING');
  });
});
