// Sends one command to a running workflow as an Update, and answers what became of it. The Idempotency-Key (or a
// generated id) is the update id and the key of a command record, claimed before the Update is sent and completed
// after it in short statements: no database connection is held while Temporal works. An Update not finished within
// WORKFLOW_UPDATE_TIMEOUT_MS answers 202 with Location /api/commands/{key}; a retry with the same key re-sends the same
// update id, which Temporal applies at most once.
import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/common';
import {
  claimCommand,
  completeCommand,
  findCommand,
  markCommandNotApplied,
  reopenCommand,
  type CommandRow,
} from '../db/commands';
import { DomainError, notFound, type DomainErrorKind, type FieldError } from '../errors';
import { classifyCommandError } from '../temporal/command-outcome';
import type { ApiContext, ApiDeps } from './context';
import { hashRequest, idempotencyKey } from './idempotency';
import { countCommand } from './metrics';
import { asProblem, invalid, unavailable } from './problem';

// Thrown when a command's outcome is not known by its deadline; rendered as 202 Accepted.
export class CommandPending extends Error {
  constructor(
    readonly commandId: string,
    readonly subject: string,
  ) {
    super(`${subject}: the command was accepted and is still being applied`);
  }
}

export const commandLocation = (key: string) => `/api/commands/${encodeURIComponent(key)}`;

export interface CommandSpec {
  what: string; // the business object, for messages: "PKS 12"
  operation: string; // the kind of command, part of what a key may be reused for
  body: unknown;
  workflowId: string;
}

interface StoredRefusal {
  kind: DomainErrorKind;
  message: string;
  errors: FieldError[];
}

export const refusalOf = (row: CommandRow) => {
  const stored = row.response as StoredRefusal;
  return new DomainError(stored.kind, stored.message, stored.errors);
};

const temporalUnavailable = () =>
  unavailable('the workflow service cannot be reached; retry with the same Idempotency-Key', 5);

// A refusal is kept, so a retry with the same key is refused the same way.
export function recordRefusal(
  deps: Pick<ApiDeps, 'knex'>,
  userId: number,
  key: string,
  error: DomainError,
): Promise<void> {
  const refusal: StoredRefusal = { kind: error.kind, message: error.message, errors: error.errors };
  return completeCommand(deps.knex, userId, key, {
    state: 'rejected',
    statusCode: asProblem(error)!.status,
    response: refusal,
  });
}

export async function sendUpdate<T>(
  ctx: ApiContext,
  spec: CommandSpec,
  send: (updateId: string) => Promise<T>,
): Promise<T> {
  const { knex, temporal, config } = ctx.deps;
  const userId = ctx.state.principal!.userId;
  const key = idempotencyKey(ctx) ?? randomUUID();
  const requestHash = hashRequest(spec.operation, spec.body);
  const { row } = await claimCommand(knex, {
    userId,
    key,
    operation: spec.operation,
    requestHash,
    workflowId: spec.workflowId,
    subject: spec.what,
  });
  if (row.requestHash !== requestHash)
    throw invalid([{ field: 'Idempotency-Key', message: 'this Idempotency-Key was used for a different request' }]);
  if (row.state === 'succeeded') {
    countCommand(spec.operation, 'replayed');
    return row.response as T;
  }
  if (row.state === 'rejected') {
    countCommand(spec.operation, 'replayed');
    throw refusalOf(row);
  }
  if (row.state === 'not_applied') await reopenCommand(knex, userId, key);
  let result: T;
  try {
    result = await temporal.withDeadline(Date.now() + config.updateTimeoutMs, () => send(key));
  } catch (error) {
    const failure = classifyCommandError(error, spec.what);
    if (!failure) throw error;
    if (failure.kind === 'pending') {
      countCommand(spec.operation, 'accepted_pending');
      throw new CommandPending(key, spec.what);
    }
    if (failure.kind === 'unavailable') {
      countCommand(spec.operation, 'unavailable');
      throw temporalUnavailable();
    }
    countCommand(spec.operation, 'rejected');
    await recordRefusal(ctx.deps, userId, key, failure.error);
    throw failure.error;
  }
  await completeCommand(knex, userId, key, { state: 'succeeded', statusCode: 200, response: result });
  countCommand(spec.operation, 'applied');
  return result;
}

// The command resource: its state and, once known, its result or refusal. A pending command's outcome is asked of
// Temporal (by its update id) for a moment; an update the run never received is reported not applied, so the client
// sends it again under the same key.
export async function commandStatus(deps: ApiDeps, userId: number, key: string) {
  let row = await findCommand(deps.knex, userId, key);
  if (!row) throw notFound(`command ${key}`);
  if (row.state === 'pending' && row.workflowId) {
    const { workflowId } = row;
    try {
      const result = await deps.temporal.withDeadline(Date.now() + 2000, () =>
        deps.temporal.workflow.getHandle(workflowId).getUpdateHandle(key).result(),
      );
      await completeCommand(deps.knex, userId, key, { state: 'succeeded', statusCode: 200, response: result });
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) {
        await markCommandNotApplied(deps.knex, userId, key);
      } else {
        const failure = classifyCommandError(error, row.subject ?? 'the command');
        if (failure?.kind === 'refused') {
          await recordRefusal(deps, userId, key, failure.error);
        } else if (!failure) throw error;
      }
    }
    row = (await findCommand(deps.knex, userId, key))!;
  }
  return {
    id: row.key,
    operation: row.operation,
    subject: row.subject,
    state: row.state,
    statusCode: row.statusCode,
    ...(row.state === 'succeeded' ? { result: row.response } : {}),
    ...(row.state === 'rejected' ? { problem: row.response } : {}),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
