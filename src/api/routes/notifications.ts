// The caller's in-app notifications: list (with the same unread count as the list's filter-free view), mark one or
// all read. Only one's own notifications are visible or changeable.
import Joi from 'joi';
import { NOTIFICATION_MODULES } from '../../db/notifications';
import { idParams, pageQuery } from '../listing';
import { requirePrincipal, type RouteSpec } from '../route';
import {
  getNotifications,
  getNotificationsUnreadCount,
  postNotificationsRead,
  postNotificationsReadAll,
} from '../../services/notifications';

export const notificationRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/notifications',
    summary: 'Your notifications, newest first, with your unread count',
    tag: 'notifications',
    query: Joi.object({
      isRead: Joi.boolean(),
      module: Joi.string().valid(...NOTIFICATION_MODULES),
      ...pageQuery,
      limit: Joi.number().integer().min(1).max(100).description('deprecated: use pageSize (removed in 0.3)'),
      offset: Joi.number().integer().min(0).max(1_000_000).description('deprecated: use page (removed in 0.3)'),
    }),
    handler: (ctx, input) => getNotifications(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'get',
    path: '/api/notifications/unread-count',
    summary: 'How many of your notifications are unread',
    tag: 'notifications',
    handler: (ctx) => getNotificationsUnreadCount(ctx.deps, requirePrincipal(ctx)),
  },
  {
    method: 'post',
    path: '/api/notifications/read-all',
    summary: 'Mark all your notifications read',
    tag: 'notifications',
    handler: (ctx) => postNotificationsReadAll(ctx.deps, requirePrincipal(ctx)),
  },
  {
    method: 'post',
    path: '/api/notifications/:id/read',
    summary: 'Mark one of your notifications read',
    tag: 'notifications',
    status: 204,
    params: idParams,
    handler: (ctx, input) => postNotificationsRead(ctx.deps, requirePrincipal(ctx), input),
  },
];
