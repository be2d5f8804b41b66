// E-mail from a customer activity (crm.md §5.4): the user's own SMTP settings (password sealed, never returned),
// sending (an "Email" activity plus an outbox row, delivered by a workflow with retries) and delivery status.
import {
  queueActivityEmail,
  deleteMeEmailConfig,
  getEmailMessagesById,
  getMeEmailConfig,
  putMeEmailConfig,
  postMeEmailConfigTest,
} from '../../services/email';
import Joi from 'joi';
import { idParams } from '../listing';
import { requirePrincipal, type RouteSpec } from '../route';

const email = Joi.string()
  .trim()
  .email({ tlds: { allow: false } })
  .max(255);
// Blank entries are dropped (crm.md §5.4): clients often send an empty trailing field.
const addresses = Joi.array().items(email.allow('')).max(50).default([]);

export const emailRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/me/email-config',
    summary: 'Your own SMTP settings for activity e-mails (the password is never returned)',
    tag: 'e-mail',
    handler: (ctx) => getMeEmailConfig(ctx.deps, requirePrincipal(ctx)),
  },
  {
    method: 'put',
    path: '/api/me/email-config',
    summary: 'Set your SMTP settings; the password is stored encrypted (omit it to keep the current one)',
    tag: 'e-mail',
    body: Joi.object({
      host: Joi.string().trim().hostname().required(),
      port: Joi.number().integer().min(1).max(65535).required(),
      secure: Joi.boolean().required(),
      username: email.required(),
      password: Joi.string().min(1).max(500),
      fromAddress: email.allow(null, ''),
      fromName: Joi.string().trim().max(150).allow(null, ''),
      isActive: Joi.boolean().default(true),
    }).required(),
    handler: (ctx, input) => putMeEmailConfig(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'post',
    path: '/api/me/email-config/test',
    summary:
      'Send yourself a test message through your SMTP settings and see what the server answered (delivered: false with its words when it refused or could not be reached)',
    tag: 'e-mail',
    handler: (ctx) => postMeEmailConfigTest(ctx.deps, requirePrincipal(ctx)),
  },
  {
    method: 'delete',
    path: '/api/me/email-config',
    summary: 'Remove your SMTP settings (mail then goes through the system mailer in your name)',
    tag: 'e-mail',
    status: 204,
    handler: (ctx) => deleteMeEmailConfig(ctx.deps, requirePrincipal(ctx)),
  },
  {
    method: 'post',
    path: '/api/customer-activities/email',
    summary: 'E-mail a lead’s contacts: logs an "Email" activity and queues the message for delivery (202)',
    tag: 'e-mail',
    status: 202,
    body: Joi.object({
      leadId: Joi.number().integer().min(1).required(),
      subject: Joi.string().trim().min(1).max(255).required(),
      body: Joi.string().min(1).max(20000).required(),
      to: addresses.min(1).required(),
      cc: addresses,
      bcc: addresses,
      attachmentFileIds: Joi.array().items(Joi.number().integer().min(1)).max(10).unique().default([]),
    }).required(),
    async handler(ctx, { body }) {
      const principal = requirePrincipal(ctx);
      const result = await queueActivityEmail(ctx.deps, principal, body);
      ctx.set('Location', `/api/email-messages/${result.message.id}`);
      return result;
    },
  },
  {
    method: 'get',
    path: '/api/email-messages/:id',
    summary: 'Delivery status of an activity e-mail, per recipient',
    tag: 'e-mail',
    params: idParams,
    handler: (ctx, input) => getEmailMessagesById(ctx.deps, requirePrincipal(ctx), input),
  },
];
