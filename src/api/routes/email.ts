// E-mail from a customer activity (crm.md §5.4): the user's own SMTP settings (password sealed, never returned),
// sending (an "Email" activity plus an outbox row, delivered by a workflow with retries) and delivery status.
import { subject } from '@casl/ability';
import { WorkflowIdConflictPolicy } from '@temporalio/common';
import Joi from 'joi';
import { findLead, nextActivityNumber } from '../../db/leads';
import { jakartaDate } from '../../domain/jakarta-time';
import { customerEmailWorkflowId, type customerEmailWorkflow } from '../../../workflows/customer-email';
import { requireAbility } from '../../auth/guards';
import { idParams } from '../listing';
import { invalid } from '../problem';
import { callTemporal } from '../temporal-errors';
import { requirePrincipal, type RouteSpec } from '../route';
import { ownFiles } from '../../services/files';
import { deleteMeEmailConfig, getEmailMessagesById, getMeEmailConfig, putMeEmailConfig } from '../../services/email';

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
    method: 'delete',
    path: '/api/me/email-config',
    summary: 'Remove your SMTP settings (mail then goes through the system mailer in your name)',
    tag: 'e-mail',
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
      requireAbility(principal, 'create', 'CustomerActivity');
      const { knex, temporal, config } = ctx.deps;
      const clean = (list: string[]) => [...new Set(list.filter(Boolean))];
      const [to, cc, bcc] = [clean(body.to), clean(body.cc), clean(body.bcc)];
      if (!to.length) throw invalid([{ field: 'to', message: 'at least one recipient is required' }]);
      const lead = await findLead(knex, body.leadId);
      if (!lead || !principal.ability.can('read', subject('Lead', { ...lead })))
        throw invalid([{ field: 'leadId', message: `lead ${body.leadId} does not exist` }]);
      if (body.attachmentFileIds.length)
        await ownFiles(knex, principal, body.attachmentFileIds, 'email', 'attachmentFileIds');

      const result = await knex.transaction(async (trx) => {
        const number = await nextActivityNumber(trx, lead.code, null);
        const notes = [
          `To: ${to.join(', ')}`,
          ...(cc.length ? [`CC: ${cc.join(', ')}`] : []),
          ...(bcc.length ? [`BCC: ${bcc.join(', ')}`] : []),
          `Subject: ${body.subject}`,
          '',
          body.body,
          '',
          `Attachments: ${body.attachmentFileIds.length}`,
        ].join('\n');
        const [activity] = await trx('customer_activities')
          .insert({
            number,
            lead_id: lead.id,
            branch_id: lead.branchId,
            activity_date: jakartaDate(new Date()),
            type: 'Email',
            notes,
            recipient: to.join(', ').slice(0, 255),
            is_user_entered: true,
            created_by: principal.userId,
            updated_by: principal.userId,
          })
          .returning('id');
        const [message] = await trx('email_messages')
          .insert({
            activity_id: activity.id,
            sender_user_id: principal.userId,
            subject: body.subject,
            body: body.body,
            to: JSON.stringify(to),
            cc: JSON.stringify(cc),
            bcc: JSON.stringify(bcc),
          })
          .returning('id');
        if (body.attachmentFileIds.length) {
          const fileIds: number[] = body.attachmentFileIds;
          await trx('email_message_files').insert(fileIds.map((file_id) => ({ file_id, message_id: message.id })));
          await trx('customer_activity_files').insert(
            fileIds.map((file_id) => ({ file_id, activity_id: activity.id })),
          );
        }
        const workflowId = customerEmailWorkflowId(message.id);
        // Started inside the transaction: if Temporal refuses, nothing was recorded.
        await callTemporal('e-mail', config.updateTimeoutMs, temporal.withDeadline.bind(temporal), () =>
          temporal.workflow.start<typeof customerEmailWorkflow>('customerEmailWorkflow', {
            taskQueue: config.taskQueue,
            workflowId,
            workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
            args: [{ messageId: message.id }],
            staticSummary: `E-mail "${body.subject}" to ${lead.companyName} (${to.length + cc.length + bcc.length} recipients)`,
          }),
        );
        return {
          activityId: activity.id as number,
          activityNumber: number,
          message: { id: message.id as number, status: 'queued', workflowId },
        };
      });
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
