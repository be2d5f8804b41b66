// Writes in-app notifications; idempotent, so activities may call it again on retry.
import type { Knex } from 'knex';

export interface NotificationInput {
  module: 'quotation' | 'spk' | 'pks';
  documentId: number;
  event: string;
  message: string;
}

export async function notifyUsers(knex: Knex, userIds: number[], n: NotificationInput): Promise<void> {
  const unique = [...new Set(userIds)];
  if (!unique.length) return;
  await knex('notifications')
    .insert(unique.map((user_id) => ({ user_id, module: n.module, document_id: n.documentId, event: n.event, message: n.message.slice(0, 500) })))
    .onConflict(knex.raw('(user_id, module, document_id, event, message)'))
    .ignore();
}

export function usersWithRole(knex: Knex, roleCode: string): Promise<Array<{ id: number; email: string }>> {
  return knex('users as u').join('roles as r', 'r.id', 'u.role_id').where({ 'r.code': roleCode, 'u.is_active': true }).orderBy('u.id').select('u.id', 'u.email');
}
