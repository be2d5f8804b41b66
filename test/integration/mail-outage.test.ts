// A mail outage slows no business run (issue 29): with the system mailer down, an SPK converts its quotation at once
// and every notice waits in the outbox, visible to the operator; when the mailer is back and the operator retries,
// each notice arrives once (one Message-ID each) and each in-app notice exists once.
import { startSmtpListener, type SmtpListener } from '../support/smtp';
import { inDays } from '../support/calendar';
import { approvedQuotation } from '../support/quotations';
import { Stack } from '../support/stack';
import { until } from '../support/until';

jest.setTimeout(120_000);

let stack: Stack;
let smtp: SmtpListener | undefined;
let port: number;

beforeAll(async () => {
  // A port where a mail server was and is no more.
  const gone = await startSmtpListener();
  port = gone.port;
  await gone.close();
  stack = await Stack.start({ smtpUrl: `smtp://127.0.0.1:${port}` });
});

afterAll(async () => {
  await stack?.stop();
  await smtp?.close();
});

it('converts a quotation at once with the mailer down, and delivers every notice once when it is back', async () => {
  const sales = (await stack.tokenFor('sales')).token;
  const admin = (await stack.tokenFor('superadmin')).token;
  const { quotationId, leadId } = await approvedQuotation(stack, sales);
  const spk = await stack.request('POST', '/api/spk', {
    token: sales,
    body: { leadId, spkDate: inDays(-1), sites: [{ quotationId, siteKey: 'bks' }] },
  });
  expect(spk.status).toBe(201);
  // Inline retries of the approval mails held this for a minute; handed over, the run takes the SPK's signal at once.
  await until(
    () => stack.request('GET', `/api/quotations/${quotationId}`, { token: sales }),
    (q) => q.body.status === 'converted',
    'the quotation converted while mail is down',
    2_000,
  );

  const waiting = await until(
    () => stack.request('GET', '/api/admin/notice-deliveries?status=pending', { token: admin }),
    (r) => r.body.data.length > 0 && r.body.data.every((n: { attempts: number }) => n.attempts > 0),
    'the notices tried once and waiting',
    20_000,
  );
  expect(waiting.body.data[0]).toMatchObject({
    channel: 'quotation',
    lastError: expect.stringMatching(/ECONNREFUSED/),
  });
  expect((await stack.request('GET', '/api/admin/notice-deliveries', { token: sales })).status).toBe(403);
  const ready = await stack.request('GET', '/ready');
  expect(ready.body.details.noticesWaitingForMail).toBeGreaterThanOrEqual(waiting.body.data.length);

  smtp = await startSmtpListener('smtp-secret', port);
  const retried = await stack.request('POST', '/api/admin/notice-deliveries/retry', { token: admin });
  expect(retried.body.due).toBeGreaterThanOrEqual(waiting.body.data.length);
  await until(
    () => stack.knex('notice_outbox').whereNot({ status: 'sent' }).count({ n: '*' }),
    ([row]) => Number(row.n) === 0,
    'every notice sent',
    20_000,
  );
  const outbox = await stack.knex('notice_outbox').select('id', 'attempts');
  expect(outbox.every((n) => n.attempts >= 2)).toBe(true);
  // Each mail once, under its notice's own Message-ID; nothing comes later.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const ids = smtp.received.map((m) => m.mail.messageId);
  expect(ids.length).toBeGreaterThan(0);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids.every((id) => /^<notice-\d+@cais>$/.test(id ?? ''))).toBe(true);
  const notifications = await stack
    .knex('notifications')
    .select('user_id', 'module', 'document_id', 'event', 'message');
  const keys = notifications.map((n) => `${n.user_id}/${n.module}/${n.document_id}/${n.event}/${n.message}`);
  expect(new Set(keys).size).toBe(keys.length);
});
