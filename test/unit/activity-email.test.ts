import { chooseSender, renderActivityEmail, type UserMailConfig } from '../../src/domain/activity-email';
import { indonesianLongDate, wibTime } from '../../src/domain/indonesian-date';

const system = { name: 'CAIS', address: 'no-reply@cais.local' };
const config: UserMailConfig = {
  host: 'smtp.example.com',
  port: 587,
  secure: false,
  username: 'budi@example.com',
  password: 'x',
  fromAddress: null,
  fromName: null,
  isActive: true,
};

describe('sender', () => {
  it('prefers the user’s own complete SMTP settings', () => {
    expect(chooseSender(config, { fullName: 'Budi', email: 'budi@corp.id' }, system)).toEqual({
      via: 'user',
      from: { name: 'Budi', address: 'budi@example.com' },
    });
    expect(
      chooseSender(
        { ...config, fromAddress: 'sales@example.com', fromName: 'Sales Team' },
        { fullName: 'Budi', email: null },
        system,
      ).from,
    ).toEqual({ name: 'Sales Team', address: 'sales@example.com' });
  });

  it('falls back to the system mailer in the user’s name, then the system sender', () => {
    expect(chooseSender({ ...config, isActive: false }, { fullName: 'Budi', email: 'budi@corp.id' }, system)).toEqual({
      via: 'system',
      from: { name: 'Budi', address: 'budi@corp.id' },
    });
    expect(chooseSender({ ...config, username: 'budi' }, { fullName: 'Budi', email: null }, system)).toEqual({
      via: 'system',
      from: system,
    });
  });
});

describe('rendering', () => {
  const sentAt = new Date('2026-11-24T08:04:00Z');

  it('prints Indonesian long dates and WIB times', () => {
    expect(indonesianLongDate(sentAt)).toBe('Selasa, 24 November 2026');
    expect(indonesianLongDate(new Date('2026-12-31T17:30:00Z'))).toBe('Jumat, 1 Januari 2027');
    expect(wibTime(sentAt)).toBe('15:04 WIB');
  });

  it('escapes the body, keeps its line breaks and counts attachments', () => {
    const { html, text } = renderActivityEmail({
      subject: 'Penawaran <Security>',
      body: 'Baris 1\nBaris <b>2</b>',
      senderName: 'Budi',
      senderAddress: 'budi@example.com',
      attachmentCount: 2,
      sentAt,
    });
    expect(html).toContain('Penawaran &lt;Security&gt;');
    expect(html).toContain('Baris 1<br>Baris &lt;b&gt;2&lt;/b&gt;');
    expect(html).toContain('Kepada Yth. Bapak/Ibu');
    expect(html).toContain('Selasa, 24 November 2026, 15:04 WIB');
    expect(html).toContain('2 lampiran');
    expect(html).toContain('&copy; 2026');
    expect(text).toContain('Baris <b>2</b>');
    expect(
      renderActivityEmail({ subject: 's', body: 'b', senderName: 'n', senderAddress: 'a', attachmentCount: 0, sentAt })
        .html,
    ).not.toContain('lampiran');
  });
});
