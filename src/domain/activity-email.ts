// The e-mail a salesperson sends from a customer activity (crm.md §5.4): who sends it and what it looks like.
import { indonesianLongDate, wibTime } from './indonesian-date';

export interface UserMailConfig {
  host: string;
  port: number;
  secure: boolean;
  username: string;
  password: string;
  fromAddress: string | null;
  fromName: string | null;
  isActive: boolean;
}

export interface Sender {
  via: 'user' | 'system';
  from: { name: string; address: string };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

// The user's own complete SMTP settings first; else the system mailer in the user's name; else the system sender.
export function chooseSender(
  config: UserMailConfig | null,
  user: { fullName: string; email: string | null },
  systemFrom: { name: string; address: string },
): Sender {
  if (config?.isActive && config.host && config.password && EMAIL.test(config.username)) {
    return {
      via: 'user',
      from: { name: config.fromName || user.fullName, address: config.fromAddress || config.username },
    };
  }
  if (user.email && EMAIL.test(user.email))
    return { via: 'system', from: { name: user.fullName, address: user.email } };
  return { via: 'system', from: systemFrom };
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export interface ActivityEmailContent {
  subject: string;
  body: string;
  senderName: string;
  senderAddress: string;
  attachmentCount: number;
  sentAt: Date;
}

export function renderActivityEmail(content: ActivityEmailContent): { html: string; text: string } {
  const body = escapeHtml(content.body).replace(/\r?\n/g, '<br>');
  const date = indonesianLongDate(content.sentAt);
  const time = wibTime(content.sentAt);
  const year = new Date(content.sentAt.getTime() + 7 * 3600 * 1000).getUTCFullYear();
  const attachments = content.attachmentCount
    ? `<p style="color:#555">Email ini dilengkapi ${content.attachmentCount} lampiran.</p>`
    : '';
  const html = `<!doctype html><html><body style="font-family:Arial,sans-serif;color:#222">
<div style="background:#0f3d6e;color:#fff;padding:16px"><h2 style="margin:0">${escapeHtml(content.subject)}</h2><p style="margin:4px 0 0">Komunikasi resmi dari Shelter</p></div>
<p style="color:#555">Dikirim oleh ${escapeHtml(content.senderName)} pada ${date}, ${time}</p>
<p>Kepada Yth. Bapak/Ibu,</p>
<div>${body}</div>
${attachments}<p style="color:#555">Email ini dikirim otomatis melalui sistem CAIS.</p>
<p>Hormat kami,<br>${escapeHtml(content.senderName)}<br>${escapeHtml(content.senderAddress)}<br>CAIS — Shelter</p>
<p style="font-size:11px;color:#888">Email ini bersifat rahasia dan hanya ditujukan kepada penerima yang namanya tercantum. Jika Anda bukan penerima yang dimaksud, mohon hapus email ini.</p>
<p style="font-size:11px;color:#888">&copy; ${year} Shelter. All rights reserved.</p>
</body></html>`;
  const text = [
    content.subject,
    'Komunikasi resmi dari Shelter',
    '',
    `Dikirim oleh ${content.senderName} pada ${date}, ${time}`,
    '',
    'Kepada Yth. Bapak/Ibu,',
    '',
    content.body,
    '',
    ...(content.attachmentCount ? [`Email ini dilengkapi ${content.attachmentCount} lampiran.`] : []),
    'Email ini dikirim otomatis melalui sistem CAIS.',
    '',
    'Hormat kami,',
    content.senderName,
    content.senderAddress,
  ].join('\n');
  return { html, text };
}
