// The quotation workflow against the time-skipping test server, with its activities stubbed.
// RECORD_HISTORIES=1 also writes the run's history to test/histories/ for the replay test.
import fs from 'node:fs';
import path from 'node:path';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';
import { quotationRecord } from '../support/quotation-record';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import type { PersistStatusInput, PersistStepInput } from '../../activities/quotations';
import { testServerExecutable } from '../../src/temporal/binaries';
import { registerSearchAttributes } from '../../src/temporal/search-attribute-registration';
import { workflowsPath } from '../../src/temporal/worker';
import { cancelUpdate, REJECTION_TYPES, saveStepUpdate, stateQuery } from '../../workflows/quotation-contract';
import type { quotationWorkflow } from '../../workflows/quotation';

const EventType = temporal.api.enums.v1.EventType;
let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: testServerExecutable() } });
  await registerSearchAttributes(env.connection, env.namespace ?? 'default');
});

afterAll(() => env?.teardown());

// Stub persistence: remembers calls and answers as the real activity would.
function stubActivities() {
  const calls: Array<{ name: string; input: PersistStepInput | PersistStatusInput }> = [];
  return {
    calls,
    activities: {
      async persistQuotationStep(input: PersistStepInput) {
        calls.push({ name: 'persistQuotationStep', input });
        return quotationRecord({
          id: input.quotationId,
          step: input.step,
          version: input.fromVersion + 1,
          contractKind: (input.data as { contractKind?: string }).contractKind ?? null,
        });
      },
      async persistQuotationStatus(input: PersistStatusInput) {
        calls.push({ name: 'persistQuotationStatus', input });
        return quotationRecord({
          id: input.quotationId,
          step: 0,
          contractKind: null,
          status: input.status,
          statusReason: input.reason,
          version: input.fromVersion + 1,
        });
      },
    },
  };
}

async function withWorker<T>(activities: object, fn: (taskQueue: string) => Promise<T>): Promise<T> {
  const taskQueue = `wf-${randomUUID()}`;
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath, activities });
  return worker.runUntil(fn(taskQueue));
}

function start(taskQueue: string, quotationId: number) {
  return env.client.workflow.start<typeof quotationWorkflow>('quotationWorkflow', {
    taskQueue,
    workflowId: `quotation-${quotationId}-${randomUUID()}`,
    args: [{ quotationId, number: `QUOT/ION/AAAAA/012026-0000${quotationId}` }],
  });
}

async function rejectionType(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure)
      return error.cause.type ?? undefined;
    throw error;
  }
  return undefined;
}

it('rejects a step saved out of order in the validator: nothing persisted, nothing in history', async () => {
  const stub = stubActivities();
  await withWorker(stub.activities, async (taskQueue) => {
    const handle = await start(taskQueue, 1);
    const type = await rejectionType(
      handle.executeUpdate(saveStepUpdate, { args: [{ step: 2, data: { contractKind: 'PKWT' }, userId: 7 }] }),
    );
    expect(type).toBe(REJECTION_TYPES.conflict);
    expect(stub.calls).toEqual([]);
    const events = (await handle.fetchHistory()).events ?? [];
    expect(events.some((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)).toBe(false);
    expect(await handle.query(stateQuery)).toMatchObject({ step: 0, version: 1, status: 'draft' });
  });
});

it('persists a valid save through the activity and returns the fresh record', async () => {
  const stub = stubActivities();
  await withWorker(stub.activities, async (taskQueue) => {
    const handle = await start(taskQueue, 2);
    const result = await handle.executeUpdate(saveStepUpdate, {
      args: [{ step: 1, data: { contractKind: 'PKHL' }, userId: 7, expectedVersion: 1 }],
    });
    expect(result).toMatchObject({ step: 1, version: 2, contractKind: 'PKHL' });
    expect(stub.calls).toEqual([
      {
        name: 'persistQuotationStep',
        input: { quotationId: 2, fromVersion: 1, step: 1, data: { contractKind: 'PKHL' }, userId: 7 },
      },
    ]);
    expect(await handle.query(stateQuery)).toMatchObject({ step: 1, version: 2 });
  });
});

it('applies exactly one of two racing saves that expect the same version', async () => {
  const stub = stubActivities();
  await withWorker(stub.activities, async (taskQueue) => {
    const handle = await start(taskQueue, 3);
    const outcomes = await Promise.allSettled([
      handle.executeUpdate(saveStepUpdate, {
        args: [{ step: 1, data: { contractKind: 'PKWT' }, userId: 7, expectedVersion: 1 }],
      }),
      handle.executeUpdate(saveStepUpdate, {
        args: [{ step: 1, data: { contractKind: 'PKHL' }, userId: 8, expectedVersion: 1 }],
      }),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(stub.calls).toHaveLength(1);
    expect(await handle.query(stateQuery)).toMatchObject({ version: 2 });
  });
});

it('completes as cancelled, refusing further commands', async () => {
  const stub = stubActivities();
  await withWorker(stub.activities, async (taskQueue) => {
    const handle = await start(taskQueue, 4);
    await handle.executeUpdate(saveStepUpdate, { args: [{ step: 1, data: { contractKind: 'PKWT' }, userId: 7 }] });
    const cancelled = await handle.executeUpdate(cancelUpdate, { args: [{ userId: 7, reason: 'customer withdrew' }] });
    expect(cancelled).toMatchObject({ status: 'cancelled', version: 3 });
    expect(await handle.result()).toBe('cancelled');
    if (process.env.RECORD_HISTORIES === '1') {
      const file = path.join(__dirname, '..', 'histories', 'quotation-step1-cancel.json');
      fs.writeFileSync(file, historyToJSON(await handle.fetchHistory()));
    }
  });
});
