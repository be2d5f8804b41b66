// What the API answers when a run it waited for failed: the run's own refusals are 409, an outage (LibreOffice,
// mail) is 503 with Retry-After, never 500.
import { WorkflowFailedError } from '@temporalio/client';
import { ActivityFailure, ApplicationFailure, RetryState } from '@temporalio/common';
import { asProblem } from '../../src/api/problem';
import { temporalFailure } from '../../src/temporal/temporal-call';

const toProblem = (error: unknown, what: string) => asProblem(temporalFailure(error, what));

const failedActivity = (cause: Error) =>
  new WorkflowFailedError(
    'Workflow execution failed',
    new ActivityFailure('Activity task failed', 'renderDocument', '1', RetryState.MAXIMUM_ATTEMPTS_REACHED, 'w', cause),
    RetryState.NON_RETRYABLE_FAILURE,
  );

it('answers 409 for a document of a quotation that has no price', () => {
  const problem = toProblem(
    failedActivity(ApplicationFailure.nonRetryable('quotation 5 has no price', 'NotPriced')),
    'quotation 5',
  );
  expect(problem).toMatchObject({ status: 409, message: 'quotation 5 has no price' });
});

it('answers 503 with Retry-After when rendering failed for another reason', () => {
  const problem = toProblem(
    failedActivity(ApplicationFailure.retryable('soffice crashed', 'Error')),
    'quotation 5 PDF',
  );
  expect(problem?.status).toBe(503);
  expect(problem?.headers['Retry-After']).toBe('30');
  expect(problem?.message).toContain('soffice crashed');
});
