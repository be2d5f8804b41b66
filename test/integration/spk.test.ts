// SPK over HTTP: made from an approved quotation's sites (which becomes converted), signed upload with type and
// size limits, site removal and cancellation as workflow commands, scope, and the e-mail it sends.
import { quotationWorkflowId } from '../../workflows/quotation-contract';
import { spkWorkflowId } from '../../workflows/spk-contract';
import { inDays } from '../support/calendar';
import { approvedQuotation, submitAndApprove } from '../support/quotations';
import { startSmtpListener, type SmtpListener } from '../support/smtp';
import { Stack, type TestUser } from '../support/stack';
import { until } from '../support/until';

let stack: Stack;
let smtp: SmtpListener;
let sales: string;
let salesUser: TestUser;

beforeAll(async () => {
  smtp = await startSmtpListener();
  stack = await Stack.start({ smtpUrl: smtp.url });
  const seller = await stack.tokenFor('sales');
  sales = seller.token;
  salesUser = seller.user;
});

afterAll(async () => {
  await stack?.stop();
  await smtp?.close();
});

async function upload(spkId: number, name: string, content: Buffer | string, token = sales) {
  const form = new FormData();
  form.append('file', new Blob([content]), name);
  const response = await fetch(`${stack.baseUrl}/api/spk/${spkId}/documents`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
    body: form,
  });
  return { status: response.status, body: (await response.json()) as any };
}

const waitForStatus = async (quotationId: number, status: string) =>
  (
    await until(
      () => stack.request('GET', `/api/quotations/${quotationId}`, { token: sales }),
      (q) => q.body.status === status,
      `quotation ${quotationId} ${status}`,
    )
  ).body;

it('makes an SPK from approved sites, converts the quotation, takes the signed copy and notifies', async () => {
  const { quotationId, leadId } = await approvedQuotation(stack, sales);
  const spkDate = inDays(-13);
  const available = await stack.request('GET', `/api/spk/available-sites?leadId=${leadId}`, { token: sales });
  expect(available.body.data.map((s: { siteKey: string; headcount: number }) => `${s.siteKey}:${s.headcount}`)).toEqual(
    ['bks:3', 'jkt:2'],
  );

  const bad = await stack.request('POST', '/api/spk', {
    token: sales,
    body: { leadId, spkDate, sites: [{ quotationId, siteKey: 'nowhere' }] },
  });
  expect(bad.status).toBe(422);
  expect(bad.body.errors[0].field).toBe('sites.0');
  const created = await stack.request('POST', '/api/spk', {
    token: sales,
    body: {
      leadId,
      spkDate,
      sites: [
        { quotationId, siteKey: 'bks' },
        { quotationId, siteKey: 'jkt' },
      ],
    },
  });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ status: 'draft', leadId, customerName: expect.any(String), version: 1 });
  expect(created.body.number).toMatch(new RegExp(`^SPK/GSU/[A-Z]{5}-${spkDate.replaceAll('-', '')}-00001$`));
  const spkId = created.body.id;
  expect((await waitForStatus(quotationId, 'converted')).statusReason).toBe(`SPK ${created.body.number}`);
  expect((await stack.request('GET', `/api/spk/available-sites?leadId=${leadId}`, { token: sales })).body.data).toEqual(
    [],
  );
  const again = await stack.request('POST', '/api/spk', {
    token: sales,
    body: { leadId, spkDate, sites: [{ quotationId, siteKey: 'bks' }] },
  });
  expect(again.status).toBe(422);
  expect((await stack.request('GET', `/api/leads/${leadId}`, { token: sales })).body.statusId).toBe(3);

  const view = await stack.request('GET', `/api/spk/${spkId}`, { token: sales });
  expect(view.body.sites.map((s: { name: string; umk: number }) => s.name)).toEqual([
    'Gudang Bekasi',
    'Kantor Jakarta',
  ]);
  expect(view.body.sites[0].umk).toBeGreaterThan(0);
  expect(
    (await stack.request('GET', '/api/spk', { token: sales })).body.data.map((s: { id: number; siteNames: string }) => [
      s.id,
      s.siteNames,
    ]),
  ).toEqual([[spkId, 'Gudang Bekasi, Kantor Jakarta']]);
  const other = (await stack.tokenFor('sales')).token;
  expect((await stack.request('GET', `/api/spk/${spkId}`, { token: other })).status).toBe(404);

  const wrongType = await upload(spkId, 'signed.exe', 'MZ');
  expect(wrongType.status).toBe(422);
  expect(wrongType.body.errors[0].field).toBe('file');
  const tooBig = await upload(spkId, 'signed.pdf', Buffer.alloc(10 * 1024 * 1024 + 1));
  expect(tooBig.status).toBe(422);
  expect((await stack.request('GET', `/api/spk/${spkId}`, { token: sales })).body).toMatchObject({
    status: 'draft',
    signedFiles: [],
  });
  const signed = await upload(spkId, 'spk-signed.pdf', '%PDF-1.4 signed');
  expect(signed.status).toBe(200);
  expect(signed.body).toMatchObject({ status: 'signed', version: 2 });
  const resigned = await upload(spkId, 'spk-signed-v2.pdf', '%PDF-1.4 signed again');
  expect(resigned.body.version).toBe(3);
  expect(
    (await stack.request('GET', `/api/spk/${spkId}`, { token: sales })).body.signedFiles.map(
      (f: { originalName: string }) => f.originalName,
    ),
  ).toEqual(['spk-signed-v2.pdf', 'spk-signed.pdf']);
  // The signed copy is for whoever may read the SPK, not only its uploader; others do not learn it exists.
  const [signedCopy] = (await stack.request('GET', `/api/spk/${spkId}`, { token: sales })).body.signedFiles;
  for (const role of ['superadmin', 'crm_manager', 'dir_sales']) {
    const reader = (await stack.tokenFor(role)).token;
    const copy = await fetch(`${stack.baseUrl}/api/files/${signedCopy.id}`, {
      headers: { Authorization: `Bearer ${reader}` },
    });
    expect([role, copy.status, await copy.text()]).toEqual([role, 200, '%PDF-1.4 signed again']);
  }
  expect((await stack.request('GET', `/api/files/${signedCopy.id}`, { token: other })).status).toBe(404);
  await smtp.waitFor(
    (m) => m.envelope.includes(salesUser.email) && m.mail.subject === `SPK ${created.body.number} signed`,
    'SPK signed e-mail',
  );

  const run = await stack.temporal.workflow.getHandle(spkWorkflowId(spkId)).describe();
  expect(run.status.name).toBe('RUNNING');
  const quotationRun = await stack.temporal.workflow.getHandle(quotationWorkflowId(quotationId)).describe();
  expect(quotationRun.status.name).toBe('RUNNING');
});

it('removes sites and cancels through the workflow; the last site removed cancels the SPK', async () => {
  const { quotationId, leadId } = await approvedQuotation(stack, sales);
  const created = await stack.request('POST', '/api/spk', {
    token: sales,
    body: {
      leadId,
      spkDate: inDays(-12),
      sites: [
        { quotationId, siteKey: 'bks' },
        { quotationId, siteKey: 'jkt' },
      ],
    },
  });
  const spkId = created.body.id;
  const sites = (await stack.request('GET', `/api/spk/${spkId}`, { token: sales })).body.sites;
  expect((await stack.request('DELETE', `/api/spk/${spkId}/sites/999999`, { token: sales })).body.errors[0].field).toBe(
    'siteId',
  );
  expect(
    (await stack.request('DELETE', `/api/spk/${spkId}/sites/${sites[0].id}`, { token: sales })).body,
  ).toMatchObject({ status: 'draft', version: 2 });
  // Converted by the SPK, the quotation still offers the site that left it.
  await waitForStatus(quotationId, 'converted');
  expect(
    (await stack.request('GET', `/api/spk/available-sites?leadId=${leadId}`, { token: sales })).body.data.map(
      (s: { siteKey: string }) => s.siteKey,
    ),
  ).toEqual(['bks']);
  // Sales may not cancel (the menu's delete flag); CRM may.
  expect(
    (await stack.request('POST', `/api/spk/${spkId}/cancel`, { token: sales, body: { reason: 'customer withdrew' } }))
      .status,
  ).toBe(403);
  const last = await stack.request('DELETE', `/api/spk/${spkId}/sites/${sites[1].id}`, { token: sales });
  expect(last.body).toMatchObject({ status: 'cancelled', statusReason: 'its last site was removed' });
  expect(await stack.temporal.workflow.getHandle(spkWorkflowId(spkId)).result()).toBe('cancelled');
  expect((await upload(spkId, 'late.pdf', '%PDF')).status).toBe(409);
  const crm = (await stack.tokenFor('crm_manager')).token;
  expect(
    (await stack.request('POST', `/api/spk/${spkId}/cancel`, { token: crm, body: { reason: 'again' } })).status,
  ).toBe(409);
});

it('sends chosen sites back to pricing as a revision holding only those sites ("ajukan ulang")', async () => {
  const { quotationId, leadId } = await approvedQuotation(stack, sales);
  const created = await stack.request('POST', '/api/spk', {
    token: sales,
    body: {
      leadId,
      spkDate: inDays(-12),
      sites: [
        { quotationId, siteKey: 'bks' },
        { quotationId, siteKey: 'jkt' },
      ],
    },
  });
  const spkId = created.body.id;
  await waitForStatus(quotationId, 'converted');
  const [bekasi, jakarta] = (await stack.request('GET', `/api/spk/${spkId}`, { token: sales })).body.sites;
  const quotations = async () =>
    Number((await stack.knex('quotations').where({ lead_id: leadId }).count({ n: '*' }))[0].n);

  const unknown = await stack.request('POST', `/api/spk/${spkId}/resubmit`, {
    token: sales,
    body: { reason: 'Harga dinegosiasi', siteIds: [jakarta.id, 999999] },
  });
  expect(unknown.status).toBe(422);
  expect(unknown.body.errors[0].field).toBe('siteIds.1');
  expect(
    (await stack.request('POST', `/api/spk/${spkId}/resubmit`, { token: sales, body: { siteIds: [jakarta.id] } })).body
      .errors[0].field,
  ).toBe('reason');
  expect(await quotations()).toBe(1);

  const sent = await stack.request('POST', `/api/spk/${spkId}/resubmit`, {
    token: sales,
    body: { reason: 'Harga Jakarta dinegosiasi ulang', siteIds: [jakarta.id] },
  });
  expect(sent.status).toBe(200);
  expect(sent.body.spk).toMatchObject({ status: 'draft', version: 2 });
  const [revision] = sent.body.revisions;
  expect(revision).toMatchObject({
    type: 'revisi',
    parentQuotationId: quotationId,
    status: 'draft',
    statusReason: 'Harga Jakarta dinegosiasi ulang',
  });
  expect(revision.number).toMatch(/-R1$/);
  // Only the site sent back, with its positions, moves to the revision.
  const layout = (await stack.request('GET', `/api/quotations/${revision.id}/steps/3`, { token: sales })).body.data;
  expect(layout.sites.map((s: { key: string }) => s.key)).toEqual(['jkt']);
  expect(layout.positions.map((p: { siteKey: string; hc: number }) => [p.siteKey, p.hc])).toEqual([['jkt', 2]]);
  const after = (await stack.request('GET', `/api/spk/${spkId}`, { token: sales })).body.sites;
  expect(after.map((s: { id: number; removedAt: string | null }) => [s.id, !!s.removedAt])).toEqual([
    [bekasi.id, false],
    [jakarta.id, true],
  ]);
  const notes = await stack.knex('customer_activities').where({ lead_id: leadId }).orderBy('id').pluck('notes');
  expect(notes).toEqual(
    expect.arrayContaining([
      `Sent back from ${created.body.number} to ${revision.number}: Harga Jakarta dinegosiasi ulang`,
    ]),
  );
  // While the revision is priced, neither it nor the original it will replace offers the site.
  expect((await stack.request('GET', `/api/spk/available-sites?leadId=${leadId}`, { token: sales })).body.data).toEqual(
    [],
  );

  // The revision is priced and approved again; it replaces the original, and its site can go into an SPK again.
  await submitAndApprove(stack, sales, revision.id);
  expect((await waitForStatus(quotationId, 'superseded')).statusReason).toContain(revision.number);
  expect(
    (await stack.request('GET', `/api/spk/available-sites?leadId=${leadId}`, { token: sales })).body.data.map(
      (s: { quotationId: number; siteKey: string }) => [s.quotationId, s.siteKey],
    ),
  ).toEqual([[revision.id, 'jkt']]);

  // Sending back the last site cancels the SPK.
  const last = await stack.request('POST', `/api/spk/${spkId}/resubmit`, {
    token: sales,
    body: { reason: 'Bekasi juga', siteIds: [bekasi.id] },
  });
  expect(last.body.revisions.map((r: { number: string }) => r.number)).toEqual([
    revision.number.replace(/-R1$/, '-R2'),
  ]);
  expect(last.body.spk).toMatchObject({ status: 'cancelled', statusReason: 'all sites sent back: Bekasi juga' });
  expect(await stack.temporal.workflow.getHandle(spkWorkflowId(spkId)).result()).toBe('cancelled');
});
