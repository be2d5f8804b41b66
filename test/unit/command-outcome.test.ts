// How a command's Temporal error reads for the business: unreachable is "unavailable" (503), a deadline is "pending"
// (202), a validator's refusal keeps its kind and field, a run that is gone refuses (409).
import { status } from '@grpc/grpc-js';
import { ServiceError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { classifyCommandError } from '../../src/temporal/command-outcome';
import { REJECTION_TYPES } from '../../workflows/quotation-contract';

const grpc = (code: number) => Object.assign(new Error('grpc'), { code, details: 'x', metadata: {} });

it('tells an unreachable server from one that did not answer in time', () => {
  expect(classifyCommandError(new ServiceError('down', { cause: grpc(status.UNAVAILABLE) }), 'quotation 1')).toEqual({
    kind: 'unavailable',
  });
  expect(
    classifyCommandError(new ServiceError('slow', { cause: grpc(status.DEADLINE_EXCEEDED) }), 'quotation 1'),
  ).toEqual({ kind: 'pending' });
  expect(classifyCommandError(new WorkflowUpdateRPCTimeoutOrCancelledError('late'), 'quotation 1')).toEqual({
    kind: 'pending',
  });
});

it('keeps a refusal as the domain error it is, and a run that is gone as a conflict', () => {
  const refused = classifyCommandError(
    new WorkflowUpdateFailedError(
      'failed',
      ApplicationFailure.create({
        message: 'stale version',
        type: REJECTION_TYPES.conflict,
        details: [{ field: 'expectedVersion' }],
      }),
    ),
    'quotation 1',
  );
  expect(refused).toMatchObject({
    kind: 'refused',
    error: { kind: 'conflict', errors: [{ field: 'expectedVersion' }] },
  });
  expect(
    classifyCommandError(new WorkflowNotFoundError('gone', 'quotation-1', undefined), 'quotation 1'),
  ).toMatchObject({ kind: 'refused', error: { kind: 'conflict' } });
  expect(classifyCommandError(new Error('a bug'), 'quotation 1')).toBeNull();
});
