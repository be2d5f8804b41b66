// Command records: one row per (user, Idempotency-Key), claimed as pending before a workflow command is sent and
// completed after it, each in its own short statement, so no connection is held while Temporal works.
import type { Knex } from 'knex';

export type CommandState = 'pending' | 'succeeded' | 'rejected' | 'not_applied';

export interface CommandRow {
  userId: number;
  key: string;
  operation: string;
  requestHash: string;
  state: CommandState;
  statusCode: number | null;
  response: unknown;
  workflowId: string | null;
  subject: string | null;
  location: string | null;
  createdAt: string;
  updatedAt: string;
}

const COLUMNS = [
  'user_id as userId',
  'key',
  'operation',
  'request_hash as requestHash',
  'state',
  'status_code as statusCode',
  'response',
  'workflow_id as workflowId',
  'subject',
  'location',
  'created_at as createdAt',
  'updated_at as updatedAt',
];

export interface CommandClaim {
  userId: number;
  key: string;
  operation: string;
  requestHash: string;
  workflowId: string | null;
  subject: string;
}

// Claims the key for this command, or returns the row an earlier request with the same key left.
export async function claimCommand(knex: Knex, claim: CommandClaim): Promise<{ row: CommandRow; claimed: boolean }> {
  const [inserted] = await knex('idempotency_keys')
    .insert({
      user_id: claim.userId,
      key: claim.key,
      operation: claim.operation,
      request_hash: claim.requestHash,
      state: 'pending',
      workflow_id: claim.workflowId,
      subject: claim.subject,
    })
    .onConflict(['user_id', 'key'])
    .ignore()
    .returning(COLUMNS);
  if (inserted) return { row: inserted as CommandRow, claimed: true };
  return { row: (await findCommand(knex, claim.userId, claim.key))!, claimed: false };
}

export async function findCommand(knex: Knex, userId: number, key: string): Promise<CommandRow | undefined> {
  return knex('idempotency_keys').where({ user_id: userId, key }).first(COLUMNS);
}

// Records the outcome once; a row already completed keeps its first outcome.
export async function completeCommand(
  knex: Knex,
  userId: number,
  key: string,
  outcome: { state: Exclude<CommandState, 'pending'>; statusCode: number; response: unknown; location?: string },
): Promise<void> {
  await knex('idempotency_keys')
    .where({ user_id: userId, key })
    .whereIn('state', ['pending', 'not_applied'])
    .update({
      state: outcome.state,
      status_code: outcome.statusCode,
      response: JSON.stringify(outcome.response),
      location: outcome.location ?? null,
      updated_at: knex.fn.now(),
    });
}

// A command found never to have reached its run is sent again under the same key; false when another request
// reopened it first.
export async function reopenCommand(knex: Knex, userId: number, key: string): Promise<boolean> {
  const reopened = await knex('idempotency_keys')
    .where({ user_id: userId, key, state: 'not_applied' })
    .update({ state: 'pending', updated_at: knex.fn.now() });
  return reopened > 0;
}

// The run never received the update (it does not know its id): nothing was applied.
export async function markCommandNotApplied(knex: Knex, userId: number, key: string): Promise<void> {
  await knex('idempotency_keys')
    .where({ user_id: userId, key, state: 'pending' })
    .update({ state: 'not_applied', updated_at: knex.fn.now() });
}
