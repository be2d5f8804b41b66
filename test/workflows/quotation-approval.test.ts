// Approval in the quotation workflow on the time-skipping server, activities stubbed: a pending level is
// escalated every period until decided, the author and other roles are refused, a decision ends the reminders.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { DecisionInput, Notice } from '../../activities/quotation-approvals';
import type { ApprovalStep } from '../../src/domain/quotation/approval';
import { registerSearchAttributes } from '../../src/temporal/search-attribute-registration';
import { testServerExecutable } from '../../src/temporal/binaries';
import { workflowsPath } from '../../src/temporal/worker';
import { decisionUpdate, stateQuery, submitUpdate } from '../../workflows/quotation-contract';
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
  escalationRoleCode: 'gm_operations',
};

it('escalates a waiting level every period, refuses the author and other roles, stops once decided, and expires after the validity', async () => {
  const escalations: number[] = [];
  const notices: Notice[] = [];
  const decisions: DecisionInput[] = [];
  const statuses: Array<{ status: string; reason: string; userId: number | null }> = [];
  const activities = {
    async submitQuotation(input: { fromVersion: number }) {
      return {
        record: quotationRecord({
          status: 'submitted',
          submission: 1,
          pendingLevel: 1,
          pendingRole: 'dir_sales',
          version: input.fromVersion + 1,
        }),
        validityDays: 30,
        submission: 1,
        levels: [LEVEL],
        authorUserId: 7,
      };
    },
    async persistQuotationStatus(input: {
      fromVersion: number;
      status: string;
      reason: string;
      userId: number | null;
    }) {
      statuses.push(input);
      return quotationRecord({
        status: input.status,
        statusReason: input.reason,
        submission: 1,
        version: input.fromVersion + 1,
      });
    },
    async recordDecision(input: DecisionInput) {
      decisions.push(input);
      return quotationRecord({ status: 'approved', submission: 1, version: input.fromVersion + 1 });
    },
    async recordEscalation(input: { reminder: number }) {
      escalations.push(input.reminder);
    },
    // Notices are handed to the outbox (the dispatcher's sending is tested with the real stack).
    async queueNotice(queued: { notice: Notice }) {
      notices.push(queued.notice);
    },
  };
  const taskQueue = `wf-${randomUUID()}`;
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath, activities });
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start<typeof quotationWorkflow>('quotationWorkflow', {
      taskQueue,
      workflowId: `quotation-approval-${randomUUID()}`,
      args: [{ quotationId: 5, number: 'Q', state: { quotationId: 5, status: 'draft', step: 100, version: 3 } }],
    });
    await handle.executeUpdate(submitUpdate, { args: [{ userId: 7 }] });
    await env.sleep('49 hours');
    expect(escalations).toEqual([1, 2]);
    expect(notices.map((n) => n.kind)).toEqual(['approval_needed', 'escalated', 'escalated']);

    const refused = async (userId: number, roleCode: string) => {
      const error = await handle
        .executeUpdate(decisionUpdate, { args: [{ userId, roleCode, decision: 'approve' }] })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
      return ((error as WorkflowUpdateFailedError).cause as Error).message;
    };
    expect(await refused(7, 'dir_sales')).toBe('the author cannot decide on their own quotation');
    expect(await refused(8, 'dir_finance')).toBe('level 1 (Direktur Sales) is decided by role dir_sales');

    const approved = await handle.executeUpdate(decisionUpdate, {
      args: [{ userId: 9, roleCode: 'dir_sales', decision: 'approve' }],
    });
    expect(approved.status).toBe('approved');
    expect(decisions).toEqual([
      expect.objectContaining({ submission: 1, level: 1, userId: 9, decision: 'approve', next: null }),
    ]);
    await env.sleep('72 hours');
    expect(escalations).toEqual([1, 2]);
    expect(notices.map((n) => n.kind)).toEqual(['approval_needed', 'escalated', 'escalated', 'decided']);
    expect(await handle.query(stateQuery)).toMatchObject({ status: 'approved', approval: null });

    // 29 days after approval it is still valid; at 30 days it expires and the run completes.
    await env.sleep('26 days');
    expect(statuses).toEqual([]);
    expect(await handle.result()).toBe('expired');
    expect(statuses).toEqual([
      expect.objectContaining({ status: 'expired', reason: 'validity of 30 days ended', userId: null }),
    ]);
    expect(notices.map((n) => n.kind)).toEqual(['approval_needed', 'escalated', 'escalated', 'decided', 'expired']);
    if (process.env.RECORD_HISTORIES === '1') {
      fs.writeFileSync(
        path.join(__dirname, '..', 'histories', 'quotation-approval-expiry.json'),
        historyToJSON(await handle.fetchHistory()),
      );
    }
  });
});
