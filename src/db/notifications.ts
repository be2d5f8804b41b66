// Writes in-app notifications; idempotent, so activities may call it again on retry.
import type { Knex } from 'knex';
import { assignmentChanges, type LinePlan } from '../domain/lead-assignment';

export const NOTIFICATION_MODULES = ['quotation', 'spk', 'pks', 'lead', 'email', 'complaint'] as const;
export type NotificationModule = (typeof NOTIFICATION_MODULES)[number];

export interface NotificationInput {
  module: NotificationModule;
  documentId: number;
  event: string;
  message: string;
}

export async function notifyUsers(knex: Knex, userIds: number[], n: NotificationInput): Promise<void> {
  const unique = [...new Set(userIds)];
  if (!unique.length) return;
  await knex('notifications')
    .insert(
      unique.map((user_id) => ({
        user_id,
        module: n.module,
        document_id: n.documentId,
        event: n.event,
        message: n.message.slice(0, 500),
      })),
    )
    .onConflict(knex.raw('(user_id, module, document_id, event, message)'))
    .ignore();
}

export function usersWithRole(knex: Knex, roleCode: string): Promise<Array<{ id: number; email: string }>> {
  return knex('users as u')
    .join('roles as r', 'r.id', 'u.role_id')
    .where({ 'r.code': roleCode, 'u.is_active': true })
    .orderBy('u.id')
    .select('u.id', 'u.email');
}

// Tells salespeople which of a lead's service lines were given to them or taken from them, except the one who did
// it; the message cites the activity that recorded the change, so a later identical change still notifies.
export async function notifyAssignmentChanges(
  knex: Knex,
  lead: { id: number; code: string; companyName: string },
  before: LinePlan[],
  after: LinePlan[],
  actorId: number,
  activityNumber: string,
): Promise<void> {
  const { gained, lost } = assignmentChanges(before, after);
  const names = new Map<number, string>(
    (await knex('service_lines').select('id', 'name')).map((s: { id: number; name: string }) => [s.id, s.name]),
  );
  const lines = (ids: number[]) => ids.map((id) => names.get(id)).join(', ');
  for (const [event, changes, verb] of [
    ['assigned', gained, 'assigned to you'],
    ['unassigned', lost, 'no longer assigned to you'],
  ] as const) {
    for (const [userId, ids] of changes) {
      if (userId === actorId) continue;
      await notifyUsers(knex, [userId], {
        module: 'lead',
        documentId: lead.id,
        event,
        message: `${lead.code} ${lead.companyName}: ${lines(ids)} ${verb} (${activityNumber})`,
      });
    }
  }
}
