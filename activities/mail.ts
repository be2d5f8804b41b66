// Delivery of e-mails queued from customer activities. Idempotent: a message already delivered is not sent
// again when an attempt is retried; each recipient's outcome is recorded, and the sender hears in the app of any
// recipient refused or of a message that could not be sent at all.
import { ApplicationFailure } from '@temporalio/activity';
import type { Knex } from 'knex';
import { open, type SecretKey } from '../src/auth/secret-box';
import { chooseSender, renderActivityEmail, type UserMailConfig } from '../src/domain/activity-email';
import { notifyUsers } from '../src/db/notifications';
import { smtpTarget, type SmtpPolicy } from '../src/mail/smtp-host-policy';
import { parseAddress, systemTransport } from '../src/mail/system-mailer';
import { userTransport } from '../src/mail/user-mailer';
import type { FileStore } from '../src/storage/file-store';

export interface MailDeps {
  knex: Knex;
  files: FileStore;
  secretKey: SecretKey;
  // The system mailer: an SMTP URL, or undefined for the local capture that only logs messages.
  smtpUrl?: string;
  mailFrom: string;
  // Where users' own SMTP settings may connect (checked again at each send: DNS may have changed).
  smtpPolicy: SmtpPolicy;
  log: (message: string, meta: object) => void;
}

export function createMailActivities(deps: MailDeps) {
  async function userConfig(userId: number): Promise<UserMailConfig | null> {
    const row = await deps.knex('user_email_configs').where({ user_id: userId }).first();
    if (!row) return null;
    return {
      host: row.host,
      port: row.port,
      secure: row.secure,
      username: row.username,
      password: open(deps.secretKey, row.password_encrypted),
      fromAddress: row.from_address,
      fromName: row.from_name,
      isActive: row.is_active,
    };
  }

  // A user's server the policy refuses (settings from before the policy, or a name now resolving elsewhere) fails
  // the message for good: retrying would refuse again.
  async function permittedTarget(config: UserMailConfig) {
    try {
      return await smtpTarget(config.host, config.port, deps.smtpPolicy);
    } catch (error) {
      throw ApplicationFailure.nonRetryable((error as Error).message, 'SmtpHostRefused');
    }
  }

  return {
    async deliverEmail(messageId: number): Promise<string> {
      const message = await deps.knex('email_messages').where({ id: messageId }).first();
      if (!message) throw ApplicationFailure.nonRetryable(`e-mail ${messageId} not found`, 'EmailNotFound');
      if (message.status !== 'queued') return message.status;
      await deps.knex('email_messages').where({ id: messageId }).increment('attempts', 1);

      const sender = await deps.knex('users').where({ id: message.sender_user_id }).first('full_name', 'email');
      const config = await userConfig(message.sender_user_id);
      const choice = chooseSender(
        config,
        { fullName: sender.full_name, email: sender.email },
        parseAddress(deps.mailFrom),
      );
      const transport =
        choice.via === 'user' && config
          ? userTransport(config, await permittedTarget(config))
          : systemTransport(deps.smtpUrl);

      const files = await deps
        .knex('email_message_files as mf')
        .join('stored_files as f', 'f.id', 'mf.file_id')
        .where('mf.message_id', messageId)
        .orderBy('f.id')
        .select('f.storage_key', 'f.original_name', 'f.mime_type');
      const attachments = await Promise.all(
        files.map(async (f) => ({
          filename: f.original_name,
          contentType: f.mime_type,
          content: await deps.files.read(f.storage_key),
        })),
      );
      const { html, text } = renderActivityEmail({
        subject: message.subject,
        body: message.body,
        senderName: choice.from.name,
        senderAddress: choice.from.address,
        attachmentCount: attachments.length,
        sentAt: new Date(),
      });
      // One message for all recipients: CC and BCC get a single copy (NEW; the reference sent one per To).
      let info;
      try {
        info = await transport.sendMail({
          from: choice.from,
          to: message.to,
          cc: message.cc,
          bcc: message.bcc,
          subject: message.subject,
          html,
          text,
          attachments,
        });
      } catch (error) {
        // Every recipient refused: retrying cannot help. Anything else (connection, timeout) is retried.
        if ((error as { code?: string }).code === 'EENVELOPE')
          throw ApplicationFailure.nonRetryable((error as Error).message, 'EmailRejected');
        throw error;
      } finally {
        transport.close();
      }
      if (!deps.smtpUrl && choice.via === 'system')
        deps.log('e-mail captured (no SMTP_URL configured)', { messageId, to: message.to, subject: message.subject });

      const rejected = new Set(
        (info.rejected ?? []).map((r: unknown) =>
          String(typeof r === 'string' ? r : (r as { address: string }).address).toLowerCase(),
        ),
      );
      const deliveries = (['to', 'cc', 'bcc'] as const).flatMap((kind) =>
        (message[kind] as string[]).map((recipient) => ({
          message_id: messageId,
          recipient,
          kind,
          status: rejected.has(recipient.toLowerCase()) ? 'rejected' : 'accepted',
        })),
      );
      const status = rejected.size ? 'partial' : 'sent';
      await deps.knex.transaction(async (trx) => {
        await trx('email_deliveries').insert(deliveries).onConflict(['message_id', 'recipient']).merge();
        await trx('email_messages')
          .where({ id: messageId })
          .update({ status, smtp_message_id: info.messageId ?? null, sent_at: trx.fn.now(), error: null });
        if (rejected.size) {
          await notifyUsers(trx, [message.sender_user_id], {
            module: 'email',
            documentId: messageId,
            event: 'partial',
            message: `"${message.subject}" was refused for ${[...rejected].join(', ')}`,
          });
        }
      });
      return status;
    },

    async markEmailFailed(messageId: number, reason: string): Promise<void> {
      await deps.knex.transaction(async (trx) => {
        const [message] = await trx('email_messages')
          .where({ id: messageId, status: 'queued' })
          .update({ status: 'failed', error: reason.slice(0, 1000) })
          .returning(['sender_user_id', 'subject']);
        if (message)
          await notifyUsers(trx, [message.sender_user_id], {
            module: 'email',
            documentId: messageId,
            event: 'failed',
            message: `"${message.subject}" could not be sent: ${reason}`,
          });
      });
    },
  };
}
