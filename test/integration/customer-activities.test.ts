// Customer activities and activity e-mail over HTTP, with a real SMTP listener: logging interactions (status
// moves the lead), files, scope, the user's own SMTP settings, and an e-mail delivered by its workflow.
import { jakartaDate } from '../../src/domain/jakarta-time';
import { startSmtpListener, type SmtpListener } from '../support/smtp';
import { until } from '../support/until';
import { inDays } from '../support/calendar';
import { Stack } from '../support/stack';

let stack: Stack;
let smtp: SmtpListener;
let smtpPort: number;

beforeAll(async () => {
  smtp = await startSmtpListener();
  smtpPort = smtp.port;
  stack = await Stack.start({ userSmtpAllowedHosts: ['127.0.0.1'] });
});

afterAll(async () => {
  await stack?.stop();
  await smtp?.close();
});

async function upload(
  token: string,
  purpose: string,
  files: Array<{ name: string; content: Buffer | string; type?: string }>,
) {
  const form = new FormData();
  for (const f of files) form.append('files', new Blob([f.content], { type: f.type ?? 'application/pdf' }), f.name);
  const response = await fetch(`${stack.baseUrl}/api/files?purpose=${purpose}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
    body: form,
  });
  return { status: response.status, body: (await response.json()) as any };
}

describe('customer activities', () => {
  it('logs an interaction, moves the lead’s status, lists the latest per lead and keeps system events read-only', async () => {
    const sales = await stack.tokenFor('sales');
    const lead = await stack.createLead(sales.token, { serviceLineIds: [1, 3] });
    // Dated today, the call is the lead's latest activity (after the system event of its creation).
    const call = {
      leadId: lead.id,
      activityDate: jakartaDate(new Date()),
      type: 'Telepon',
      startTime: '09:00',
      endTime: '09:45',
      notes: 'Asked for a site survey',
      statusId: 2,
      serviceLineId: 3,
    };
    const created = await stack.request('POST', '/api/customer-activities', { token: sales.token, body: call });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      type: 'Telepon',
      durationMinutes: 45,
      statusName: 'Follow up',
      isUserEntered: true,
    });
    expect(created.body.number).toMatch(new RegExp(`^CAT/CS/${lead.code}-\\d{6}-00001$`));
    expect((await stack.request('GET', `/api/leads/${lead.id}`, { token: sales.token })).body.statusId).toBe(2);
    const history = await stack.request('GET', `/api/leads/${lead.id}/status-history`, { token: sales.token });
    expect(history.body.data[1]).toMatchObject({
      fromStatusId: 1,
      toStatusId: 2,
      reason: `activity ${created.body.number}`,
    });

    const list = await stack.request('GET', '/api/customer-activities', { token: sales.token });
    expect(
      list.body.data.filter((a: { leadId: number }) => a.leadId === lead.id).map((a: { id: number }) => a.id),
    ).toEqual([created.body.id]);
    const timeline = await stack.request('GET', `/api/leads/${lead.id}/activities`, { token: sales.token });
    expect(timeline.body.data.map((a: { type: string }) => a.type)).toEqual(['Telepon', 'Leads']);

    const changed = await stack.request('PUT', `/api/customer-activities/${created.body.id}`, {
      token: sales.token,
      body: { ...call, leadId: undefined, endTime: '10:30', statusId: null },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.durationMinutes).toBe(90);
    const system = timeline.body.data.find((a: { type: string }) => a.type === 'Leads');
    expect(
      (await stack.request('DELETE', `/api/customer-activities/${system.id}`, { token: sales.token })).status,
    ).toBe(409);
    expect(
      (await stack.request('DELETE', `/api/customer-activities/${created.body.id}`, { token: sales.token })).status,
    ).toBe(204);
    expect(
      (await stack.request('GET', `/api/customer-activities/${created.body.id}`, { token: sales.token })).status,
    ).toBe(404);
  });

  it('names bad fields: times, visit type, dates, foreign service lines and leads out of scope', async () => {
    const sales = await stack.tokenFor('sales');
    const other = await stack.tokenFor('sales');
    const lead = await stack.createLead(sales.token);
    const post = (token: string, body: object) =>
      stack.request('POST', '/api/customer-activities', {
        token,
        body: { leadId: lead.id, activityDate: inDays(-17), ...body },
      });
    const untimed = await post(sales.token, { type: 'Online Meeting' });
    expect(untimed.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['endTime', 'startTime']);
    expect((await post(sales.token, { type: 'Telepon', startTime: '10:00', endTime: '09:00' })).body.errors).toEqual([
      { field: 'endTime', message: 'endTime must be after startTime' },
    ]);
    expect((await post(sales.token, { type: 'Visit' })).body.errors[0].field).toBe('visitTypeId');
    expect((await post(sales.token, { type: 'Meeting', realizationDate: inDays(-36) })).body.errors[0].field).toBe(
      'realizationDate',
    );
    expect((await post(sales.token, { type: 'Meeting', serviceLineId: 4 })).body.errors[0].field).toBe('serviceLineId');
    expect((await post(sales.token, { type: 'Chat' })).body.errors[0].field).toBe('type');
    const foreign = await post(other.token, { type: 'Meeting' });
    expect(foreign.status).toBe(422);
    expect(foreign.body.errors[0].field).toBe('leadId');
    const visit = await post(sales.token, {
      type: 'Visit',
      visitTypeId: 1,
      realizationDate: inDays(-16),
      realizationTime: '14:00',
    });
    expect(visit.status).toBe(201);
    expect(
      (await stack.request('GET', `/api/customer-activities/${visit.body.id}`, { token: other.token })).status,
    ).toBe(404);
    expect(await stack.knex('customer_activities').where({ lead_id: lead.id }).count({ n: '*' })).toEqual([{ n: '2' }]);
  });

  it('decides an upload’s type by its content, and stores and serves the type of the content', async () => {
    const sales = await stack.tokenFor('sales');
    const html = await upload(sales.token, 'email', [
      { name: 'invoice.pdf', content: '<html><script>alert(1)</script></html>', type: 'application/pdf' },
    ]);
    expect(html.status).toBe(422);
    expect(html.body.errors[0]).toMatchObject({ field: 'files.0', message: expect.stringContaining('not pdf') });
    const png = '89504e470d0a1a0a0000000d49484452';
    const disguised = await upload(sales.token, 'email', [{ name: 'scan.pdf', content: Buffer.from(png, 'hex') }]);
    expect(disguised.body.errors[0].message).toContain('the content is png, not pdf');
    const pdf = await upload(sales.token, 'email', [
      { name: 'offer.pdf', content: '%PDF-1.4 offer', type: 'text/html' },
    ]);
    expect(pdf.status).toBe(201);
    const download = await fetch(`${stack.baseUrl}/api/files/${pdf.body.data[0].id}`, {
      headers: { Authorization: `Bearer ${sales.token}` },
    });
    expect(download.headers.get('content-type')).toBe('application/pdf');
  });

  it('attaches uploaded files, served only to those who may see the lead', async () => {
    const sales = await stack.tokenFor('sales');
    const lead = await stack.createLead(sales.token);
    const rejected = await upload(sales.token, 'activity', [{ name: 'notes.txt', content: 'x', type: 'text/plain' }]);
    expect(rejected.status).toBe(422);
    expect(rejected.body.errors[0].field).toBe('files.0');
    const tooBig = await upload(sales.token, 'activity', [
      { name: 'scan.pdf', content: Buffer.alloc(1024 * 1024 + 1) },
    ]);
    expect(tooBig.body.errors[0].field).toBe('files.0');
    const uploaded = await upload(sales.token, 'activity', [{ name: 'minutes.pdf', content: '%PDF-1.4 minutes' }]);
    expect(uploaded.status).toBe(201);
    const fileId = uploaded.body.data[0].id;
    const meeting = await stack.request('POST', '/api/customer-activities', {
      token: sales.token,
      body: { leadId: lead.id, activityDate: inDays(-17), type: 'Meeting', fileIds: [fileId] },
    });
    expect(meeting.body.files).toEqual([
      expect.objectContaining({ id: fileId, originalName: 'minutes.pdf', sizeBytes: 16 }),
    ]);
    const download = await fetch(`${stack.baseUrl}/api/files/${fileId}`, {
      headers: { Authorization: `Bearer ${sales.token}` },
    });
    expect(await download.text()).toBe('%PDF-1.4 minutes');
    const other = await stack.tokenFor('sales');
    expect((await stack.request('GET', `/api/files/${fileId}`, { token: other.token })).status).toBe(404);
    const admin = (await stack.tokenFor('superadmin')).token;
    expect(
      (await fetch(`${stack.baseUrl}/api/files/${fileId}`, { headers: { Authorization: `Bearer ${admin}` } })).status,
    ).toBe(200);
    // Roles that may read the lead but not customer activities reach neither the activity nor its files.
    for (const role of ['operations', 'gm_operations', 'ro_manager']) {
      const reader = (await stack.tokenFor(role)).token;
      expect((await stack.request('GET', `/api/leads/${lead.id}`, { token: reader })).status).toBe(200);
      expect(
        (await stack.request('GET', `/api/customer-activities/${meeting.body.id}`, { token: reader })).status,
      ).toBe(403);
      expect([role, (await stack.request('GET', `/api/files/${fileId}`, { token: reader })).status]).toEqual([
        role,
        404,
      ]);
    }
  });
});

describe('activity e-mail', () => {
  it('keeps the user’s SMTP password encrypted and never returns it', async () => {
    const sales = await stack.tokenFor('sales');
    const firstTime = await stack.request('PUT', '/api/me/email-config', {
      token: sales.token,
      body: { host: '127.0.0.1', port: smtpPort, secure: false, username: 'budi@test.local' },
    });
    expect(firstTime.body.errors[0].field).toBe('password');
    const saved = await stack.request('PUT', '/api/me/email-config', {
      token: sales.token,
      body: { host: '127.0.0.1', port: smtpPort, secure: false, username: 'budi@test.local', password: 'smtp-secret' },
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ host: '127.0.0.1', username: 'budi@test.local', hasPassword: true });
    expect(JSON.stringify(saved.body)).not.toContain('smtp-secret');
    const stored = await stack.knex('user_email_configs').where({ user_id: sales.user.id }).first();
    expect(stored.password_encrypted).not.toContain('smtp-secret');
    // Changing other settings keeps the password.
    await stack.request('PUT', '/api/me/email-config', {
      token: sales.token,
      body: { host: '127.0.0.1', port: smtpPort, secure: false, username: 'budi@test.local', fromName: 'Budi Sales' },
    });
    expect((await stack.knex('user_email_configs').where({ user_id: sales.user.id }).first()).password_encrypted).toBe(
      stored.password_encrypted,
    );
  });

  it('tests the user’s SMTP settings by sending to the user, reporting what the server answered', async () => {
    const sales = await stack.tokenFor('sales');
    const test = () => stack.request('POST', '/api/me/email-config/test', { token: sales.token });
    expect((await test()).status).toBe(404); // nothing set up yet
    const settings = { host: '127.0.0.1', port: smtpPort, secure: false, username: 'tes@test.local' };
    await stack.request('PUT', '/api/me/email-config', {
      token: sales.token,
      body: { ...settings, password: 'smtp-secret' },
    });
    const delivered = await test();
    expect(delivered.body).toMatchObject({ delivered: true, to: sales.user.email, server: `127.0.0.1:${smtpPort}` });
    expect(delivered.body.response).toMatch(/^250/);
    const mail = await smtp.waitFor((m) => m.envelope.includes(sales.user.email), 'the test message');
    expect(mail.user).toBe('tes@test.local'); // authenticated as the user's account
    // A wrong password: the server's refusal, reported as the answer (not a fault of the API).
    await stack.request('PUT', '/api/me/email-config', {
      token: sales.token,
      body: { ...settings, password: 'wrong' },
    });
    const refused = await test();
    expect(refused.status).toBe(200);
    expect(refused.body).toMatchObject({ delivered: false, code: 'EAUTH' });
  });

  it('refuses SMTP settings that point inside the network, naming the field, and keeps nothing', async () => {
    const sales = await stack.tokenFor('sales');
    const put = (host: string, port: number) =>
      stack.request('PUT', '/api/me/email-config', {
        token: sales.token,
        body: { host, port, secure: false, username: 'budi@test.local', password: 'smtp-secret' },
      });
    for (const [host, port] of [
      ['localhost', 25],
      ['169.254.169.254', 25],
      ['10.0.0.1', 587],
      ['0.0.0.0', 25],
      ['2130706433', 25], // 127.0.0.1 written as one number
    ] as const) {
      const refused = await put(host, port);
      expect([host, refused.status, refused.body.errors?.[0]?.field]).toEqual([host, 422, 'host']);
    }
    // A public address on a port SMTP does not use.
    const port = await put('8.8.8.8', 5432);
    expect([port.status, port.body.errors[0].field]).toEqual([422, 'port']);
    expect(await stack.knex('user_email_configs').where({ user_id: sales.user.id }).first()).toBeUndefined();
  });

  it('rate-limits tests of one’s SMTP settings per user, counting parallel tests exactly', async () => {
    const sales = await stack.tokenFor('sales');
    await stack.request('PUT', '/api/me/email-config', {
      token: sales.token,
      body: { host: '127.0.0.1', port: smtpPort, secure: false, username: 'tes@test.local', password: 'smtp-secret' },
    });
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => stack.request('POST', '/api/me/email-config/test', { token: sales.token })),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([...Array(5).fill(200), ...Array(15).fill(429)]);
    const limited = answers.find((a) => a.status === 429)!;
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('content-type')).toContain('application/problem+json');
    // Another user is not held back by this one.
    const other = await stack.tokenFor('sales');
    await stack.request('PUT', '/api/me/email-config', {
      token: other.token,
      body: { host: '127.0.0.1', port: smtpPort, secure: false, username: 'tes@test.local', password: 'smtp-secret' },
    });
    expect((await stack.request('POST', '/api/me/email-config/test', { token: other.token })).status).toBe(200);
  });

  it('does not send through settings the policy refuses at send time (saved before it, or re-pointed in DNS)', async () => {
    const sales = await stack.tokenFor('sales');
    await stack.request('PUT', '/api/me/email-config', {
      token: sales.token,
      body: { host: '127.0.0.1', port: smtpPort, secure: false, username: 'old@test.local', password: 'smtp-secret' },
    });
    await stack.knex('user_email_configs').where({ user_id: sales.user.id }).update({ host: 'localhost', port: 25 });
    const tested = await stack.request('POST', '/api/me/email-config/test', { token: sales.token });
    expect([tested.status, tested.body.errors?.[0]?.field]).toEqual([422, 'host']);
    const lead = await stack.createLead(sales.token);
    const send = await stack.request('POST', '/api/customer-activities/email', {
      token: sales.token,
      body: { leadId: lead.id, subject: 'Lewat localhost', body: 'B', to: ['pic@customer.id'] },
    });
    expect(send.status).toBe(202);
    const { body: status } = await until(
      () => stack.request('GET', `/api/email-messages/${send.body.message.id}`, { token: sales.token }),
      (r) => r.body.status !== 'queued',
      'delivery',
      20_000,
    );
    expect(status.status).toBe('failed');
    expect(smtp.received.some((m) => m.mail.subject === 'Lewat localhost')).toBe(false);
  });

  it('sends one message through the user’s SMTP server, logs an Email activity and records each recipient', async () => {
    const sales = await stack.tokenFor('sales');
    await stack.request('PUT', '/api/me/email-config', {
      token: sales.token,
      body: {
        host: '127.0.0.1',
        port: smtpPort,
        secure: false,
        username: 'rina@test.local',
        password: 'smtp-secret',
        fromName: 'Rina Sales',
      },
    });
    const lead = await stack.createLead(sales.token);
    const attachment = await upload(sales.token, 'email', [{ name: 'penawaran.pdf', content: '%PDF-1.4 offer' }]);
    const send = await stack.request('POST', '/api/customer-activities/email', {
      token: sales.token,
      body: {
        leadId: lead.id,
        subject: 'Penawaran jasa security',
        body: 'Terlampir penawaran kami.\nSalam.',
        to: ['pic@customer.id', ''],
        cc: ['boss@customer.id'],
        bcc: ['archive@test.local', 'reject@customer.id'],
        attachmentFileIds: [attachment.body.data[0].id],
      },
    });
    expect(send.status).toBe(202);
    expect(send.body.message).toMatchObject({ status: 'queued', workflowId: `customer-email-${send.body.message.id}` });

    const { body: status } = await until(
      () => stack.request('GET', `/api/email-messages/${send.body.message.id}`, { token: sales.token }),
      (r) => r.body.status !== 'queued',
      'delivery',
      20_000,
    );
    expect(status).toMatchObject({ status: 'partial', to: ['pic@customer.id'], attempts: 1 });
    expect(status.deliveries).toEqual(
      expect.arrayContaining([
        { recipient: 'pic@customer.id', kind: 'to', status: 'accepted', detail: null },
        { recipient: 'reject@customer.id', kind: 'bcc', status: 'rejected', detail: null },
      ]),
    );

    // The sender hears in the app which recipient was refused.
    const notices = await stack.request('GET', '/api/notifications?module=email', { token: sales.token });
    expect(
      notices.body.data.map((n: { event: string; documentId: number; message: string }) => [
        n.event,
        n.documentId,
        n.message,
      ]),
    ).toEqual([['partial', send.body.message.id, '"Penawaran jasa security" was refused for reject@customer.id']]);

    const mail = smtp.received.find((m) => m.mail.subject === 'Penawaran jasa security');
    expect(mail).toBeDefined();
    expect(mail!.user).toBe('rina@test.local');
    expect(mail!.envelope.sort()).toEqual(['archive@test.local', 'boss@customer.id', 'pic@customer.id']);
    expect(mail!.mail.from?.value[0]).toEqual({ name: 'Rina Sales', address: 'rina@test.local' });
    expect(mail!.mail.html).toContain('Terlampir penawaran kami.<br>Salam.');
    expect(mail!.mail.html).toContain('Kepada Yth. Bapak/Ibu');
    expect(mail!.mail.attachments.map((a) => [a.filename, a.content.toString()])).toEqual([
      ['penawaran.pdf', '%PDF-1.4 offer'],
    ]);
    // The message and its attachment are read with the activity's permission, like the activity itself.
    const operations = (await stack.tokenFor('operations')).token;
    expect((await stack.request('GET', `/api/leads/${lead.id}`, { token: operations })).status).toBe(200);
    expect(
      (await stack.request('GET', `/api/email-messages/${send.body.message.id}`, { token: operations })).status,
    ).toBe(403);
    expect((await stack.request('GET', `/api/files/${attachment.body.data[0].id}`, { token: operations })).status).toBe(
      404,
    );
    expect(smtp.received.filter((m) => m.mail.subject === 'Penawaran jasa security')).toHaveLength(1);

    const activity = await stack.request('GET', `/api/customer-activities/${send.body.activityId}`, {
      token: sales.token,
    });
    expect(activity.body).toMatchObject({ type: 'Email', number: send.body.activityNumber });
    expect(activity.body.notes).toContain('BCC: archive@test.local, reject@customer.id');
    expect(activity.body.files.map((f: { originalName: string }) => f.originalName)).toEqual(['penawaran.pdf']);
    const run = await stack.temporal.workflow.getHandle(send.body.message.workflowId).describe();
    expect(run.status.name).toBe('COMPLETED');
  });

  it('refuses bad recipients and foreign attachments, recording nothing', async () => {
    const sales = await stack.tokenFor('sales');
    const other = await stack.tokenFor('sales');
    const lead = await stack.createLead(sales.token);
    const foreignFile = await upload(other.token, 'email', [{ name: 'x.pdf', content: '%PDF' }]);
    const before = await stack.knex('email_messages').count({ n: '*' });
    const send = (body: object) =>
      stack.request('POST', '/api/customer-activities/email', {
        token: sales.token,
        body: { leadId: lead.id, subject: 'S', body: 'B', to: ['a@b.id'], ...body },
      });
    expect((await send({ to: [] })).body.errors[0].field).toBe('to');
    expect((await send({ to: [''] })).body.errors[0].field).toBe('to');
    expect((await send({ to: ['a@b.id', 'not-mail'] })).body.errors[0].field).toBe('to.1');
    expect((await send({ attachmentFileIds: [foreignFile.body.data[0].id] })).body.errors[0].field).toBe(
      'attachmentFileIds.0',
    );
    expect((await send({ subject: '' })).body.errors[0].field).toBe('subject');
    expect(await stack.knex('email_messages').count({ n: '*' })).toEqual(before);
  });
});
