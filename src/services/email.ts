// E-mail from a customer activity (crm.md §5.4): the user's own SMTP settings (password sealed, never returned),
// sending (an "Email" activity plus an outbox row, delivered by a workflow with retries) and delivery status.
import { open, seal } from '../auth/secret-box';
import { findLead, nextActivityNumber } from '../db/leads';
import { requireRowAbility, requireAbility } from '../auth/guards';
import { invalid, notFound, RateLimited } from '../errors';
import { reserveSmtpTest } from '../db/smtp-test-attempts';
import { smtpTarget } from '../mail/smtp-host-policy';
import { userTransport } from '../mail/user-mailer';
import { filesOf, ownFiles } from './files';
import type { ServiceDeps, ServiceInput } from './deps';
import type { Principal } from '../auth/principal';
import { subject } from '@casl/ability';
import { WorkflowIdConflictPolicy } from '@temporalio/common';
import { jakartaDate } from '../domain/jakarta-time';
import { customerEmailWorkflowId, type customerEmailWorkflow } from '../../workflows/customer-email';
import { callTemporal } from '../temporal/temporal-call';

export const CONFIG_COLUMNS = [
  'host',
  'port',
  'secure',
  'username',
  'from_address as fromAddress',
  'from_name as fromName',
  'is_active as isActive',
  'updated_at as updatedAt',
];

// GET /api/me/email-config
export async function getMeEmailConfig(deps: ServiceDeps, principal: Principal) {
  const row = await deps.knex('user_email_configs').where({ user_id: principal.userId }).first(CONFIG_COLUMNS);
  if (!row) throw notFound('e-mail settings');
  return { ...row, hasPassword: true };
}

// PUT /api/me/email-config
export async function putMeEmailConfig(deps: ServiceDeps, principal: Principal, { body }: ServiceInput) {
  const knex = deps.knex;
  const existing = await knex('user_email_configs').where({ user_id: principal.userId }).first('user_id');
  await smtpTarget(body.host, body.port, { allowedHosts: deps.config.userSmtpAllowedHosts });
  if (!existing && !body.password)
    throw invalid([{ field: 'password', message: 'password is required the first time' }]);
  const row: Record<string, unknown> = {
    host: body.host,
    port: body.port,
    secure: body.secure,
    username: body.username,
    from_address: body.fromAddress || null,
    from_name: body.fromName || null,
    is_active: body.isActive,
    updated_by: principal.userId,
    updated_at: knex.fn.now(),
  };
  if (body.password) row.password_encrypted = seal(deps.secretKey, body.password);
  if (existing) await knex('user_email_configs').where({ user_id: principal.userId }).update(row);
  else await knex('user_email_configs').insert({ ...row, user_id: principal.userId, created_by: principal.userId });
  return {
    ...(await knex('user_email_configs').where({ user_id: principal.userId }).first(CONFIG_COLUMNS)),
    hasPassword: true,
  };
}

// DELETE /api/me/email-config
export async function deleteMeEmailConfig(deps: ServiceDeps, principal: Principal) {
  await deps.knex('user_email_configs').where({ user_id: principal.userId }).delete();
  return undefined;
}

// How long one test may keep the caller waiting, all phases together.
const SMTP_TEST_MS = 15_000;

// POST /api/me/email-config/test: one message through the caller's own SMTP server to the caller's address, and
// what the server answered. A refusal or an unreachable server is the answer, not a fault of this API: 200 with
// `delivered: false` and the server's words. Rate-limited per user and bounded in time: each test reaches outside.
export async function postMeEmailConfigTest(deps: ServiceDeps, principal: Principal) {
  const row = await deps.knex('user_email_configs').where({ user_id: principal.userId }).first();
  if (!row) throw notFound('e-mail settings');
  const target = await smtpTarget(row.host, row.port, { allowedHosts: deps.config.userSmtpAllowedHosts });
  const retryAfter = await reserveSmtpTest(deps.knex, principal.userId);
  if (retryAfter) throw new RateLimited('too many tests of your e-mail settings; try again later', retryAfter);
  const settings = { ...row, password: open(deps.secretKey, row.password_encrypted) };
  const transport = userTransport(settings, target, SMTP_TEST_MS / 3);
  const from = { name: row.from_name || principal.fullName, address: row.from_address || row.username };
  try {
    const info = await withinTime(
      transport.sendMail({
        from,
        to: principal.email,
        subject: 'CAIS: tes pengaturan e-mail / e-mail settings test',
        text: `Pesan ini dikirim oleh CAIS melalui server SMTP ${row.host}:${row.port} untuk menguji pengaturan e-mail Anda.\n\nThis message tests your e-mail settings in CAIS.`,
      }),
      SMTP_TEST_MS,
    );
    return { delivered: true, to: principal.email, server: `${row.host}:${row.port}`, response: info.response };
  } catch (error) {
    const e = error as { message: string; code?: string; responseCode?: number; response?: string };
    return {
      delivered: false,
      to: principal.email,
      server: `${row.host}:${row.port}`,
      error: e.message,
      code: e.code ?? null,
      responseCode: e.responseCode ?? null,
      response: e.response ?? null,
    };
  } finally {
    transport.close();
  }
}

// The promise's answer, or an ETIMEDOUT error once `ms` have passed.
function withinTime<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${ms} ms`), { code: 'ETIMEDOUT' })), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// GET /api/email-messages/:id
export async function getEmailMessagesById(deps: ServiceDeps, principal: Principal, { params }: ServiceInput) {
  const knex = deps.knex;
  const message = await knex('email_messages as m')
    .join('customer_activities as a', 'a.id', 'm.activity_id')
    .where('m.id', params.id)
    .first(
      'm.id',
      'm.activity_id as activityId',
      'a.lead_id as leadId',
      'm.subject',
      'm.to',
      'm.cc',
      'm.bcc',
      'm.status',
      'm.error',
      'm.attempts',
      'm.sent_at as sentAt',
      'm.created_at as createdAt',
    );
  if (!message) throw notFound(`e-mail ${params.id}`);
  // An activity's e-mail is read with the activity's permission, like the activity itself.
  requireAbility(principal, 'read', 'CustomerActivity');
  requireRowAbility(principal, 'read', 'Lead', await findLead(knex, message.leadId), `e-mail ${params.id}`);
  const deliveries = await knex('email_deliveries')
    .where({ message_id: message.id })
    .orderBy(['kind', 'recipient'])
    .select('recipient', 'kind', 'status', 'detail');
  return {
    ...message,
    deliveries,
    attachments: await filesOf(knex, 'email_message_files', 'message_id', message.id),
  };
}

// Records the e-mail as a customer activity and a message to send, and starts its delivery run (in the same
// transaction: if Temporal refuses, nothing was recorded).
export async function queueActivityEmail(deps: ServiceDeps, principal: Principal, body: Record<string, any>) {
  requireAbility(principal, 'create', 'CustomerActivity');
  const { knex, temporal, config } = deps;
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
      await trx('customer_activity_files').insert(fileIds.map((file_id) => ({ file_id, activity_id: activity.id })));
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
  return result;
}
