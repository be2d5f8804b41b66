// The system mailer: SMTP_URL when configured, otherwise a capture that only logs (the default for a newcomer).
import nodemailer from 'nodemailer';

export function systemTransport(smtpUrl: string | undefined) {
  return smtpUrl ? nodemailer.createTransport(smtpUrl) : nodemailer.createTransport({ jsonTransport: true });
}

export function parseAddress(value: string): { name: string; address: string } {
  const match = /^(.*)<([^>]+)>\s*$/.exec(value);
  return match ? { name: match[1].trim(), address: match[2].trim() } : { name: value, address: value };
}
