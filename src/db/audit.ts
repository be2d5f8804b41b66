// Who changed which row, when, from what to what: one audit_log row per change, in the change's transaction.
import type { Knex } from 'knex';

export type AuditAction = 'create' | 'update' | 'delete' | 'restore';

export async function recordAudit(
  trx: Knex.Transaction,
  table: string,
  rowKey: number | string,
  action: AuditAction,
  userId: number,
  before: object | null,
  after: object | null,
): Promise<void> {
  await trx('audit_log').insert({
    table_name: table,
    row_key: String(rowKey),
    action,
    user_id: userId,
    before: before === null ? null : JSON.stringify(before),
    after: after === null ? null : JSON.stringify(after),
  });
}
