// The caller's in-app notifications: list (with the same unread count as the list's filter-free view), mark one or
// all read. Only one's own notifications are visible or changeable.
import type { ServiceDeps, ServiceInput } from './deps';
import type { Principal } from '../auth/principal';
import { page } from '../db/listing';
import { notFound } from '../errors';

// GET /api/notifications
export async function getNotifications(deps: ServiceDeps, principal: Principal, { query }: ServiceInput) {
  const knex = deps.knex;
  const q = knex('notifications')
    .where({ user_id: principal.userId })
    .orderBy('id', 'desc')
    .select(
      'id',
      'module',
      'document_id as documentId',
      'event',
      'message',
      'is_read as isRead',
      'created_at as createdAt',
    );
  if (query.isRead !== undefined) q.where({ is_read: query.isRead });
  if (query.module) q.where({ module: query.module });
  const [{ unread }] = await knex('notifications')
    .where({ user_id: principal.userId, is_read: false })
    .count({ unread: '*' });
  // limit/offset (before 0.2) still work for one release: they win when given.
  const pageSize: number = query.limit ?? query.pageSize;
  const offset: number = query.offset ?? (query.page - 1) * pageSize;
  const [{ total }] = await q.clone().clearSelect().clearOrder().count({ total: '*' });
  const data = await q.limit(pageSize).offset(offset);
  return { ...page(data, Math.floor(offset / pageSize) + 1, pageSize, Number(total)), unread: Number(unread) };
}

// GET /api/notifications/unread-count
export async function getNotificationsUnreadCount(deps: ServiceDeps, principal: Principal) {
  const [{ unread }] = await deps
    .knex('notifications')
    .where({ user_id: principal.userId, is_read: false })
    .count({ unread: '*' });
  return { unread: Number(unread) };
}

// POST /api/notifications/read-all
export async function postNotificationsReadAll(deps: ServiceDeps, principal: Principal) {
  const marked = await deps
    .knex('notifications')
    .where({ user_id: principal.userId, is_read: false })
    .update({ is_read: true });
  return { marked };
}

// POST /api/notifications/:id/read
export async function postNotificationsRead(deps: ServiceDeps, principal: Principal, { params }: ServiceInput) {
  const updated = await deps
    .knex('notifications')
    .where({ id: params.id, user_id: principal.userId })
    .update({ is_read: true });
  if (!updated) throw notFound(`notification ${params.id}`);
  return undefined;
}
