// A mail outage never holds a business run: on the time-skipping server, SMTP is down for three days while a quotation
// waits for approval. Its notices go to the outbox (the worker's dispatcher sends them: test/integration/mail-outage)
// and the run keeps taking commands. A delivery run left by a run from before the outbox still retries and delivers.
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
import type { noticeDeliveryWorkflow } from '../../workflows/notice-delivery';

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

it('keeps the quotation run to its commands through an outage of days: notices go to the outbox, never inline', async () => {
  const queued: Notice[] = [];
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
    async queueNotice(input: { key: string; channel: string; notice: Notice }) {
      queued.push(input.notice);
    },
    // Mail is down: a run that sent inline would wait here.
    async sendApprovalNotice(): Promise<void> {
      throw new Error('connect ECONNREFUSED 127.0.0.1:25');
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
    await env.sleep('60 hours');
    expect((await handle.describe()).status.name).toBe<WorkflowExecutionStatusName>('RUNNING');
    const approved = await handle.executeUpdate(decisionUpdate, {
      args: [{ userId: 9, roleCode: 'dir_sales', decision: 'approve' }],
    });
    expect(approved.status).toBe('approved');
    await env.sleep('1 minute');
    // Approval needed, a reminder after 24 and after 48 hours of waiting, and the decision: each queued once.
    expect(queued.map((n) => n.kind)).toEqual(['approval_needed', 'escalated', 'escalated', 'decided']);
    const history = await handle.fetchHistory();
    const scheduled = (history.events ?? []).filter((e) => e.activityTaskScheduledEventAttributes);
    expect(scheduled.map((e) => e.activityTaskScheduledEventAttributes!.activityType!.name)).not.toContain(
      'sendApprovalNotice',
    );
  });
});

it('lets a delivery run of a run from before the outbox retry through a three-day outage and deliver once', async () => {
  let smtpUp = false;
  const delivered: Notice[] = [];
  const records: DeliveryRecord[] = [];
  const activities = {
    async sendApprovalNotice(notice: Notice) {
      if (!smtpUp) throw new Error('connect ECONNREFUSED 127.0.0.1:25');
      delivered.push(notice);
    },
    async recordNoticeDelivery(entry: DeliveryRecord) {
      records.push(entry);
    },
  };
  const taskQueue = `wf-${randomUUID()}`;
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath, activities });
  await worker.runUntil(async () => {
    const notice: Notice = { kind: 'approval_needed', quotationId: 5, level: LEVEL };
    const handle = await env.client.workflow.start<typeof noticeDeliveryWorkflow>('noticeDeliveryWorkflow', {
      taskQueue,
      workflowId: `quotation-5-notice-${randomUUID()}`,
      args: [{ channel: 'quotation', notice }],
    });
    await env.sleep('3 days');
    expect(delivered).toEqual([]);
    expect(records.at(-1)).toMatchObject({ status: 'retrying', lastError: 'connect ECONNREFUSED 127.0.0.1:25' });
    smtpUp = true;
    await handle.result();
    expect(delivered).toEqual([notice]);
    expect(records.at(-1)).toMatchObject({ status: 'delivered' });
  });
});
