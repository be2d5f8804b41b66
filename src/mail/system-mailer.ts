// The system mailer: SMTP_URL when configured, otherwise a capture that only logs (the default for a newcomer).
import nodemailer from 'nodemailer';

export function systemTransport(smtpUrl: string | undefined) {
  return smtpUrl ? nodemailer.createTransport(smtpUrl) : nodemailer.createTransport({ jsonTransport: true });
}

export function parseAddress(value: string): { name: string; address: string } {
  const match = /^(.*)<([^>]+)>\s*$/.exec(value);
  return match ? { name: match[1].trim(), address: match[2].trim() } : { name: value, address: value };
}

// One delivery of a notice by the dispatcher: the in-app part once (it may have been done by an earlier attempt),
// and one Message-ID for every attempt, so a mail sent twice around a crash is one message in the reader's client.
export interface NoticeSending {
  messageId: string;
  notified: boolean;
  markNotified: () => Promise<void>;
}

export interface SystemMailDeps {
  smtpUrl?: string;
  mailFrom: string;
  log: (message: string, meta: object) => void;
}

// Sends a system mail; without SMTP_URL it is captured in the log instead.
export async function sendSystemMail(
  deps: SystemMailDeps,
  mail: { to: string[]; subject: string; text: string },
  what: string,
  messageId?: string,
): Promise<void> {
  const transport = systemTransport(deps.smtpUrl);
  try {
    await transport.sendMail({ from: parseAddress(deps.mailFrom), ...mail, ...(messageId ? { messageId } : {}) });
  } finally {
    transport.close();
  }
  if (!deps.smtpUrl)
    deps.log(`${what} e-mail captured (no SMTP_URL configured)`, { to: mail.to, subject: mail.subject });
}

// The in-app part of a notice, unless an earlier attempt of the same delivery did it.
export async function notifyOnce(sending: NoticeSending | undefined, notify: () => Promise<void>): Promise<void> {
  if (sending?.notified) return;
  await notify();
  await sending?.markNotified();
}
