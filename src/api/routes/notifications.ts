// The caller's in-app notifications: list (with the same unread count as the list's filter-free view), mark one or
// all read. Only one's own notifications are visible or changeable.
import Joi from 'joi';
import { NOTIFICATION_MODULES } from '../../db/notifications';
import { idParams } from '../listing';
import { notFound } from '../problem';
import { requirePrincipal, type RouteSpec } from '../route';
import { getNotifications } from '../../services/notifications';

export const notificationRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/notifications',
    summary: 'Your notifications, newest first, with your unread count',
    tag: 'notifications',
    query: Joi.object({
      isRead: Joi.boolean(),
      module: Joi.string().valid(...NOTIFICATION_MODULES),
      limit: Joi.number().integer().min(1).max(100).default(20),
      offset: Joi.number().integer().min(0).default(0),
    }),
    handler: (ctx, input) => getNotifications(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'get',
    path: '/api/notifications/unread-count',
    summary: 'How many of your notifications are unread',
    tag: 'notifications',
    async handler(ctx) {
      const principal = requirePrincipal(ctx);
      const [{ unread }] = await ctx.deps
        .knex('notifications')
        .where({ user_id: principal.userId, is_read: false })
        .count({ unread: '*' });
      return { unread: Number(unread) };
    },
  },
  {
    method: 'post',
    path: '/api/notifications/read-all',
    summary: 'Mark all your notifications read',
    tag: 'notifications',
    async handler(ctx) {
      const principal = requirePrincipal(ctx);
      const marked = await ctx.deps
        .knex('notifications')
        .where({ user_id: principal.userId, is_read: false })
        .update({ is_read: true });
      return { marked };
    },
  },
  {
    method: 'post',
    path: '/api/notifications/:id/read',
    summary: 'Mark one of your notifications read',
    tag: 'notifications',
    params: idParams,
    async handler(ctx, { params }) {
      const principal = requirePrincipal(ctx);
      const updated = await ctx.deps
        .knex('notifications')
        .where({ id: params.id, user_id: principal.userId })
        .update({ is_read: true });
      if (!updated) throw notFound(`notification ${params.id}`);
      return undefined;
    },
  },
];
