// A transport through a user's own SMTP server, to the address the host policy checked (src/mail/smtp-host-policy.ts).
import nodemailer from 'nodemailer';
import type { SmtpTarget } from './smtp-host-policy';

export interface UserSmtpSettings {
  port: number;
  secure: boolean;
  username: string;
  password: string;
}

// Timeouts bound how long one connection may hold a caller or an activity.
export function userTransport(settings: UserSmtpSettings, target: SmtpTarget, timeoutMs = 10_000) {
  return nodemailer.createTransport({
    host: target.address,
    port: settings.port,
    secure: settings.secure,
    auth: { user: settings.username, pass: settings.password },
    tls: target.servername ? { servername: target.servername } : undefined,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
}
