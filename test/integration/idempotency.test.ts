// Idempotency-Key on every command: the document declares it on each authenticated mutating operation, and a repeat
// under one key does the thing once — above all what reaches outside (a customer e-mail), uploads and creates.
import { randomUUID } from 'node:crypto';
import { startSmtpListener, type SmtpListener } from '../support/smtp';
import { until } from '../support/until';
import { Stack } from '../support/stack';

let stack: Stack;
let smtp: SmtpListener;
let sales: string;

beforeAll(async () => {
  smtp = await startSmtpListener();
  stack = await Stack.start({ smtpUrl: smtp.url });
  sales = (await stack.tokenFor('sales')).token;
});

afterAll(async () => {
  await stack?.stop();
  await smtp?.close();
});

const keyed = (key: string) => ({ 'Idempotency-Key': key });

it('declares Idempotency-Key on every authenticated mutating operation', async () => {
  const spec = (await stack.request('GET', '/openapi.json')).body;
  const missing: string[] = [];
  let mutating = 0;
  for (const [path, item] of Object.entries<Record<string, any>>(spec.paths))
    for (const [method, operation] of Object.entries<any>(item)) {
      if (method === 'get' || operation.security?.length === 0) continue;
      mutating += 1;
      const header = (operation.parameters ?? []).find(
        (p: { in: string; name: string }) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key',
      );
      if (!header) missing.push(`${method.toUpperCase()} ${path}`);
    }
  expect(mutating).toBeGreaterThan(150);
  expect(missing).toEqual([]);
});

it('sends a customer e-mail once when the same request comes twice under one key', async () => {
  const lead = await stack.createLead(sales);
  const key = randomUUID();
  const subject = `Penawaran ${randomUUID()}`;
  const send = () =>
    stack.request('POST', '/api/customer-activities/email', {
      token: sales,
      headers: keyed(key),
      body: { leadId: lead.id, subject, body: 'Terlampir.', to: ['pic@customer.id'] },
    });
  const both = await Promise.all([send(), send()]);
  // Both at once: one is applied; the other replays its answer or, while it runs, is told so (409).
  const applied = both.find((r) => r.status === 202)!;
  expect(applied).toBeDefined();
  for (const r of both) expect(r.status === 202 ? r.body : r.status).toEqual(r.status === 202 ? applied.body : 409);
  const replay = await send();
  expect(replay.status).toBe(202);
  expect(replay.body).toEqual(applied.body);
  expect(replay.headers.get('location')).toBe(`/api/email-messages/${applied.body.message.id}`);
  await until(
    () => stack.request('GET', `/api/email-messages/${applied.body.message.id}`, { token: sales }),
    (r) => r.body.status !== 'queued',
    'delivery',
    20_000,
  );
  await smtp.waitFor((m) => m.mail.subject === subject, 'the e-mail');
  expect(await stack.knex('email_messages').where({ subject }).count({ n: '*' })).toEqual([{ n: '1' }]);
  expect(await stack.knex('customer_activities').where({ lead_id: lead.id, type: 'Email' }).count({ n: '*' })).toEqual([
    { n: '1' },
  ]);
  // The same key for another request is refused, naming the header; a new key sends a new e-mail.
  const other = await stack.request('POST', '/api/customer-activities/email', {
    token: sales,
    headers: keyed(key),
    body: { leadId: lead.id, subject: 'Lain', body: 'Lain.', to: ['pic@customer.id'] },
  });
  expect([other.status, other.body.errors[0].field]).toEqual([422, 'Idempotency-Key']);
  expect(smtp.received.filter((m) => m.mail.subject === subject)).toHaveLength(1);
});

it('creates one lead and stores one upload per key, and replays a refusal as it was', async () => {
  const key = randomUUID();
  const body = await stack.leadBody();
  const create = () => stack.request('POST', '/api/leads', { token: sales, headers: keyed(key), body });
  const first = await create();
  expect(first.status).toBe(201);
  const again = await create();
  expect([again.status, again.body.id, again.headers.get('location')]).toEqual([
    201,
    first.body.id,
    first.headers.get('location'),
  ]);
  expect(await stack.knex('leads').whereILike('company_name', String(body.companyName)).count({ n: '*' })).toEqual([
    { n: '1' },
  ]);

  const upload = async (uploadKey: string, content: string) => {
    const form = new FormData();
    form.append('files', new Blob([content], { type: 'application/pdf' }), 'minutes.pdf');
    const response = await fetch(`${stack.baseUrl}/api/files?purpose=activity`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${sales}`, ...keyed(uploadKey) },
      body: form,
    });
    return { status: response.status, body: (await response.json()) as any };
  };
  const uploadKey = randomUUID();
  const stored = await upload(uploadKey, '%PDF-1.4 minutes');
  expect((await upload(uploadKey, '%PDF-1.4 minutes')).body).toEqual(stored.body);
  expect(await stack.knex('stored_files').where({ original_name: 'minutes.pdf' }).count({ n: '*' })).toEqual([
    { n: '1' },
  ]);
  // Other content under the same key is another request.
  expect((await upload(uploadKey, '%PDF-1.4 other minutes')).status).toBe(422);

  // A refusal (a lead without a company name) is kept: the repeat is refused the same way, nothing is created.
  const refusedKey = randomUUID();
  const bad = { ...(await stack.leadBody()), branchId: 999999 };
  const refused = await stack.request('POST', '/api/leads', { token: sales, headers: keyed(refusedKey), body: bad });
  expect(refused.status).toBe(422);
  const repeated = await stack.request('POST', '/api/leads', { token: sales, headers: keyed(refusedKey), body: bad });
  expect([repeated.status, repeated.body.detail]).toEqual([422, refused.body.detail]);
});

// Refused like the header of any route that declares it, as the document says (the fuzz sent an empty one, which
// was once taken as no key at all).
it('refuses a malformed or empty key before doing anything', async () => {
  const body = await stack.leadBody();
  for (const key of ['short', '', 'with%percent']) {
    const response = await stack.request('POST', '/api/leads', { token: sales, headers: keyed(key), body });
    expect([key, response.status, response.body.errors[0].field]).toEqual([key, 422, 'idempotency-key']);
  }
  expect(await stack.knex('leads').whereILike('company_name', String(body.companyName)).first()).toBeUndefined();
});
