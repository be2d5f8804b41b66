// E-mail from a customer activity (crm.md §5.4): the user's own SMTP settings (password sealed, never returned),
import { seal } from '../auth/secret-box';
import { findLead } from '../db/leads';
import { requireRowAbility } from '../auth/guards';
import { invalid, notFound } from '../errors';
import { filesOf } from './files';
import type { ServiceDeps, ServiceInput } from './deps';
import type { Principal } from '../auth/principal';

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
