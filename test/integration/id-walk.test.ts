// Every operation of the OpenAPI document that takes an id, asked by one salesperson about another's objects: the
// answer is the one a missing object gets (404, or the same refusal of the body), never the object, and nothing
// changes. An id-taking path this test cannot place fails it, so a new route cannot forget its row check.
import { inDays } from '../support/calendar';
import { activeContract } from '../support/contracts';
import { approvedQuotation } from '../support/quotations';
import { Stack, type ApiResponse } from '../support/stack';

jest.setTimeout(240_000);

let stack: Stack;
let alice: string;
let bob: string;
// What alice owns, by the path parameter that names it.
let owned: Record<string, number | string>;

// Paths whose ids name shared reference data or another role's objects (read by everyone with the menu, or only by
// their managers): not a salesperson's own.
const SHARED = [
  '/api/admin/',
  '/api/master/',
  '/api/sales-teams/',
  '/api/wage-campaigns/',
  '/api/announcements/',
  '/api/sales-targets/',
  '/api/sales-revenue/closings/',
  '/api/incentive-rates/',
  '/api/company-groups/',
];

// The object of alice's a path's parameters stand for; undefined when the path is not placed.
function fill(path: string): string | undefined {
  const root = path.match(/^\/api\/([a-z-]+)\//)?.[1];
  const idOf: Record<string, string> = {
    leads: 'lead',
    quotations: 'quotation',
    spk: 'spk',
    pks: 'pks',
    complaints: 'complaint',
    customers: 'lead',
    'customer-activities': 'customerActivity',
    'sales-activities': 'salesActivity',
    files: 'file',
    'email-messages': 'emailMessage',
    notifications: 'notification',
    commands: 'command',
  };
  const byParam: Record<string, string | undefined> = {
    id: root ? idOf[root] : undefined,
    key: 'command',
    otherId: 'quotation',
    leadId: 'lead',
    siteId: 'spkSite',
    lineId: 'fulfilmentLine',
    slotId: 'visitSlot',
    position: 'clause',
    step: 'step',
  };
  let unplaced = false;
  const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = byParam[name] && owned[byParam[name]];
    if (value === undefined || value === '') unplaced = true;
    return String(value);
  });
  return unplaced ? undefined : filled;
}

// The same path with every id swapped for one that exists nowhere.
const missing = (path: string) =>
  path.replace(/\{(\w+)\}/g, (_, name: string) =>
    name === 'key' ? 'no-such-key' : name === 'step' ? '7' : '999999999',
  );

async function ask(method: string, path: string, token: string): Promise<ApiResponse> {
  const body = ['post', 'put', 'patch'].includes(method) ? {} : undefined;
  return stack.request(method.toUpperCase(), path, { token, body });
}

const fields = (r: ApiResponse) => (r.body?.errors ?? []).map((e: { field: string }) => e.field).sort();

async function snapshot() {
  const rows = async (table: string, where: Record<string, unknown>) =>
    JSON.stringify(await stack.knex(table).where(where).orderBy('id'));
  return [
    await rows('leads', { id: owned.lead }),
    await rows('quotations', { lead_id: owned.lead }),
    await rows('spks', { lead_id: owned.lead }),
    await rows('pks', { lead_id: owned.lead }),
    await rows('customer_activities', { lead_id: owned.lead }),
    await rows('pks_complaints', { pks_id: owned.pks }),
  ];
}

beforeAll(async () => {
  stack = await Stack.start();
  const aliceUser = await stack.tokenFor('sales');
  alice = aliceUser.token;
  bob = (await stack.tokenFor('sales')).token;
  const crm = (await stack.tokenFor('crm_manager')).token;
  const quotation = await approvedQuotation(stack, alice);
  const pks = await activeContract(stack, quotation, alice, crm, { start: inDays(-30), end: inDays(365) });
  const lead = quotation.leadId;
  const spk = await stack.knex('spks').where({ lead_id: lead }).first();
  const complaint = await stack.request('POST', `/api/pks/${pks.id}/complaints`, {
    token: alice,
    body: { title: 'Petugas terlambat', type: 'Layanan', description: 'Shift pagi terlambat' },
  });
  const activity = await stack.request('POST', '/api/customer-activities', {
    token: alice,
    body: { leadId: lead, activityDate: inDays(-1), type: 'Meeting', notes: 'Evaluasi' },
  });
  const line = (await stack.request('GET', `/api/leads/${lead}`, { token: alice })).body.serviceLines[0];
  const salesActivity = await stack.request('POST', '/api/sales-activities', {
    token: alice,
    body: {
      leadId: lead,
      leadServiceLineId: line.leadServiceLineId,
      activityDate: inDays(-1),
      type: 'Appointment',
      minutes: 'Bertemu manajer GA',
      startTime: '10:00',
      endTime: '11:00',
    },
  });
  const form = new FormData();
  form.append('files', new Blob(['%PDF-1.4 notulen'], { type: 'application/pdf' }), 'notulen.pdf');
  const file = (await (
    await fetch(`${stack.baseUrl}/api/files?purpose=activity`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${alice}` },
      body: form,
    })
  ).json()) as { data: Array<{ id: number }> };
  const [message] = await stack
    .knex('email_messages')
    .insert({
      activity_id: activity.body.id,
      sender_user_id: aliceUser.user.id,
      subject: 'Penawaran',
      body: 'Terlampir',
      to: JSON.stringify(['ga@pelanggan.example']),
      cc: '[]',
      bcc: '[]',
      status: 'sent',
    })
    .returning('id');
  const keyed = `walk-${Date.now()}-alice`;
  await stack.request('POST', `/api/quotations/${quotation.quotationId}/cancel`, {
    token: alice,
    body: { reason: 'x' },
    headers: { 'Idempotency-Key': keyed },
  });
  const notification = await stack.knex('notifications').where({ user_id: aliceUser.user.id }).first();
  const fulfilmentLine = await stack.knex('pks_item_fulfilments').where({ pks_id: pks.id }).first();
  const slot = await stack.knex('pks_visit_slots').where({ pks_id: pks.id }).first();
  const spkSite = await stack.knex('spk_sites').where({ spk_id: spk.id }).first();
  owned = {
    lead,
    quotation: quotation.quotationId,
    spk: spk.id,
    spkSite: spkSite?.id ?? '',
    pks: pks.id,
    complaint: complaint.body.id,
    customerActivity: activity.body.id,
    salesActivity: salesActivity.body.id,
    file: file.data[0].id,
    emailMessage: message.id,
    notification: notification?.id ?? '',
    command: keyed,
    // The contract's own line when it has one; the contract's check comes first either way.
    fulfilmentLine: fulfilmentLine?.id ?? 1,
    visitSlot: slot?.id ?? '',
    clause: 1,
    step: 7, // a step with suggestions (7, 8, 9)
  };
  const made = { complaint, activity, salesActivity };
  for (const [name, answer] of Object.entries(made))
    if (answer.status !== 201) throw new Error(`${name}: ${answer.status} ${JSON.stringify(answer.body)}`);
  for (const [name, value] of Object.entries(owned)) if (value === undefined) throw new Error(`no ${name} made`);
});

afterAll(() => stack?.stop());

it('answers another salesperson as if the object did not exist, for every id-taking operation', async () => {
  const spec = (await stack.request('GET', '/openapi.json')).body;
  const operations = Object.entries(spec.paths as Record<string, Record<string, unknown>>)
    .filter(([path]) => path.includes('{') && !SHARED.some((prefix) => path.startsWith(prefix)))
    .flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map((method) => ({ method, path })),
    );
  expect(operations.length).toBeGreaterThan(90);
  const unplaced = operations.filter((op) => !fill(op.path)).map((op) => `${op.method} ${op.path}`);
  expect(unplaced).toEqual([]);

  const before = await snapshot();
  const answers: string[] = [];
  for (const { method, path } of operations) {
    const other = await ask(method, fill(path)!, bob);
    const none = await ask(method, missing(path), bob);
    const same = other.status === none.status && JSON.stringify(fields(other)) === JSON.stringify(fields(none));
    const refused = [403, 404, 422].includes(other.status) && (method !== 'get' || other.status !== 422);
    if (!same || !refused)
      answers.push(
        `${method.toUpperCase()} ${path}: ${other.status} ${JSON.stringify(fields(other))} (missing: ${none.status})`,
      );
  }
  expect(answers).toEqual([]);
  expect(await snapshot()).toEqual(before);
  // Alice herself still reads what bob could not.
  expect((await stack.request('GET', `/api/quotations/${owned.quotation}`, { token: alice })).status).toBe(200);
});
