// A complaint's SLA on the time-skipping server, activities stubbed: escalated each time the SLA passes while open,
// never again once resolved; resolving twice or by the wrong role is refused before it enters history.
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { ComplaintNotice } from '../../activities/complaints';
import { registerSearchAttributes } from '../../src/temporal/search-attribute-registration';
import { testServerExecutable } from '../../src/temporal/binaries';
import { workflowsPath } from '../../src/temporal/worker';
import { resolveComplaintUpdate } from '../../workflows/complaint-contract';
import type { complaintWorkflow } from '../../workflows/complaint';

let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: testServerExecutable() } });
  await registerSearchAttributes(env.connection, env.namespace ?? 'default');
});

afterAll(() => env?.teardown());

it('escalates every SLA period until resolved, then stops', async () => {
  const escalations: number[] = [];
  const notices: ComplaintNotice[] = [];
  const activities = {
    async recordComplaintEscalation(input: { escalation: number }) {
      escalations.push(input.escalation);
    },
    // Notices are handed to the outbox (the dispatcher's sending is tested with the real stack).
    async queueNotice(queued: { notice: ComplaintNotice }) {
      notices.push(queued.notice);
    },
    async resolveComplaint(input: { complaintId: number; fromVersion: number; resolution: string }) {
      return {
        id: input.complaintId,
        pksId: 1,
        title: 't',
        type: 'Layanan',
        status: 'resolved',
        escalations: escalations.length,
        slaDueAt: '',
        resolution: input.resolution,
        resolvedAt: '',
        version: input.fromVersion + 1,
      };
    },
  };
  const taskQueue = `wf-${randomUUID()}`;
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath, activities });
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start<typeof complaintWorkflow>('complaintWorkflow', {
      taskQueue,
      workflowId: `complaint-${randomUUID()}`,
      args: [{ complaintId: 5, slaHours: 48 }],
    });
    await env.sleep('47 hours');
    expect(escalations).toEqual([]);
    await env.sleep('2 hours'); // past the SLA
    expect(escalations).toEqual([1]);
    await env.sleep('48 hours');
    expect(escalations).toEqual([1, 2]);

    const refused = handle.executeUpdate(resolveComplaintUpdate, {
      args: [{ userId: 2, roleCode: 'sales', resolution: 'x' }],
    });
    await expect(refused).rejects.toThrow(WorkflowUpdateFailedError);
    const resolved = await handle.executeUpdate(resolveComplaintUpdate, {
      args: [{ userId: 3, roleCode: 'crm_manager', resolution: 'Personel diganti' }],
    });
    expect(resolved).toMatchObject({ status: 'resolved', resolution: 'Personel diganti' });
    expect(await handle.result()).toBe('resolved');
    await env.sleep('200 hours');
    expect(escalations).toEqual([1, 2]);
    expect(notices.map((n) => (n.event === 'escalated' ? `escalated-${n.escalation}` : n.event))).toEqual([
      'escalated-1',
      'escalated-2',
      'resolved',
    ]);
    // Refused updates never entered the history: only the accepted resolution is there.
    const accepted = ((await handle.fetchHistory()).events ?? []).filter(
      (e) => e.workflowExecutionUpdateAcceptedEventAttributes,
    );
    expect(accepted).toHaveLength(1);
  });
});
