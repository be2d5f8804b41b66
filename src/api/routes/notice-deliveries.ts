// Notices waiting for mail (after an outage) and the operator's command to send them now.
import Joi from 'joi';
import { listUnsentNotices, retryNoticesNow } from '../../services/notice-deliveries';
import { pageQuery } from '../listing';
import { requirePrincipal, type RouteSpec } from '../route';

export const noticeDeliveryRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/admin/notice-deliveries',
    summary: 'Notices not sent yet: waiting for a retry (with attempts and the last error) or given up',
    tag: 'admin',
    query: Joi.object({ status: Joi.string().valid('pending', 'failed'), ...pageQuery }),
    handler: (ctx, input) => listUnsentNotices(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'post',
    path: '/api/admin/notice-deliveries/retry',
    summary: 'Send every waiting notice now (after a mail outage) instead of at its next retry',
    tag: 'admin',
    handler: (ctx) => retryNoticesNow(ctx.deps, requirePrincipal(ctx)),
  },
];
