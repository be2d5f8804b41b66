// The contract path over HTTP: approved quotation → SPK → signed SPK → PKS (sites, clauses, agreement data) →
// sign-off → customer-signed upload → checklist gate → activation, with the refusals each step must give.
import { pksWorkflowId } from '../../workflows/pks-contract';
import { inDays, inYear } from '../support/calendar';
import { CHECKLIST, uploadFile } from '../support/contracts';
import { readPdf } from '../support/pdf';
import { approvedQuotation } from '../support/quotations';
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

const upload = (url: string, token: string, name: string, content: Buffer | string) =>
  uploadFile(stack, url, token, name, content);

const pdfText = (url: string, token: string) => readPdf(stack, url, token);

it('takes an approved quotation through SPK and PKS to an active contract', async () => {
  const { quotationId, leadId } = await approvedQuotation(stack, sales);
  const spk = await stack.request('POST', '/api/spk', {
    token: sales,
    body: {
      leadId,
      spkDate: inDays(-13),
      sites: [
        { quotationId, siteKey: 'bks' },
        { quotationId, siteKey: 'jkt' },
      ],
    },
  });
  const crm = await stack.tokenFor('crm_manager');
  expect(
    (await stack.request('GET', `/api/pks/available-sites?leadId=${leadId}`, { token: crm.token })).body.data,
  ).toEqual([]); // SPK not signed yet
  expect((await upload(`/api/spk/${spk.body.id}/documents`, sales, 'spk.pdf', '%PDF spk')).status).toBe(200);
  const sites = (await stack.request('GET', `/api/pks/available-sites?leadId=${leadId}`, { token: crm.token })).body
    .data;
  expect(sites.map((s: { name: string }) => s.name)).toEqual(['Gudang Bekasi', 'Kantor Jakarta']);

  const header = {
    leadId,
    pksDate: inDays(-11),
    contractStart: inYear(1, '01-01'),
    contractEnd: inYear(1, '12-31'),
    salaryRuleId: 1,
    thrRuleId: 1,
    spkSiteIds: sites.map((s: { spkSiteId: number }) => s.spkSiteId),
  };
  expect((await stack.request('POST', '/api/pks', { token: sales, body: header })).status).toBe(403); // sales only view contracts
  const badPeriod = await stack.request('POST', '/api/pks', {
    token: crm.token,
    body: { ...header, contractEnd: inYear(0, '12-31'), thrRuleId: 999 },
  });
  expect(badPeriod.body.errors.map((e: { field: string }) => e.field)).toEqual(['contractEnd', 'thrRuleId']);
  const created = await stack.request('POST', '/api/pks', { token: crm.token, body: header });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({
    status: 'draft',
    leadId,
    primaryQuotationId: quotationId,
    contractStart: inYear(1, '01-01'),
  });
  const signedMonth = `${header.pksDate.slice(5, 7)}${header.pksDate.slice(0, 4)}`;
  expect(created.body.number).toMatch(new RegExp(`^PKS/ORG/GSU/[A-Z]{5}-${signedMonth}-00001$`));
  const pksId = created.body.id;
  expect((await stack.request('POST', '/api/pks', { token: crm.token, body: header })).body.errors[0].field).toBe(
    'spkSiteIds.0',
  );

  const view = (await stack.request('GET', `/api/pks/${pksId}`, { token: crm.token })).body;
  expect(view.sites.map((s: { number: string; projectName: string }) => s.number)).toEqual([
    `${created.body.number}-0001`,
    `${created.body.number}-0002`,
  ]);
  expect(view.sites[0].projectName).toMatch(/^0127-1227\.SE\./);
  expect(view.clauses.map((c: { section: string }) => c.section)).toEqual([
    'Pembukaan',
    'Pasal 1',
    'Pasal 2',
    'Pasal 3',
    'Pasal 4',
    'Pasal 5',
    'Pasal 6',
    'Pasal 7',
    'Pasal 8',
    'Pasal 9',
    'LAMPIRAN',
  ]);
  expect(view.missingChecklist).toHaveLength(7);
  const data = (await stack.request('GET', `/api/pks/${pksId}/agreement-data`, { token: sales })).body;
  expect(data).toMatchObject({
    number: created.body.number,
    contractStart: '1 Januari 2027',
    contractEnd: '31 Desember 2027',
    service: 'Security',
    managementFeePercent: '10%',
  });
  expect(data.commercial.monthlyInvoiceWords).toMatch(/ rupiah$/);
  expect(data.salary.cutoff).toBe('Tanggal 21 - 20');
  await until(
    () => stack.request('GET', `/api/spk/${spk.body.id}`, { token: sales }),
    (r) => r.body.status === 'in_pks',
    'SPK in PKS',
  );
  expect(
    (await stack.request('POST', `/api/spk/${spk.body.id}/cancel`, { token: crm.token, body: { reason: 'x' } })).status,
  ).toBe(409);

  // Nothing jumps ahead of the sign-off.
  expect((await upload(`/api/pks/${pksId}/documents`, crm.token, 'pks.pdf', '%PDF')).status).toBe(409);
  expect((await stack.request('POST', `/api/pks/${pksId}/activate`, { token: crm.token })).status).toBe(409);
  expect((await stack.request('POST', `/api/pks/${pksId}/submit`, { token: crm.token })).body.status).toBe('submitted');
  expect(
    (await stack.request('POST', `/api/pks/${pksId}/decisions`, { token: crm.token, body: { decision: 'approve' } }))
      .status,
  ).toBe(403); // author
  const head = (await stack.tokenFor('sales_head')).token;
  expect(
    (await stack.request('POST', `/api/pks/${pksId}/decisions`, { token: head, body: { decision: 'approve' } })).status,
  ).toBe(403); // wrong role
  const director = (await stack.tokenFor('dir_sales')).token;
  const rejected = await stack.request('POST', `/api/pks/${pksId}/decisions`, {
    token: director,
    body: { decision: 'reject', note: 'Pasal 4 needs the bank account' },
  });
  expect(rejected.body).toMatchObject({ status: 'draft', statusReason: 'Pasal 4 needs the bank account' });
  await stack.request('POST', `/api/pks/${pksId}/submit`, { token: crm.token });
  expect(
    (await stack.request('POST', `/api/pks/${pksId}/decisions`, { token: director, body: { decision: 'approve' } }))
      .body.status,
  ).toBe('awaiting_signed');

  const wrongType = await upload(`/api/pks/${pksId}/documents`, crm.token, 'pks.zip', 'PK');
  expect(wrongType.body.errors[0].field).toBe('file');
  expect(
    (await upload(`/api/pks/${pksId}/documents`, crm.token, 'pks.pdf', Buffer.alloc(10 * 1024 * 1024 + 1))).status,
  ).toBe(422);
  const signed = await upload(`/api/pks/${pksId}/documents`, crm.token, 'pks-signed.pdf', '%PDF signed');
  expect(signed.body.status).toBe('awaiting_activation');
  await smtp.waitFor(
    (m) => m.envelope.includes(crm.user.email) && m.mail.subject!.includes('awaiting activation'),
    'awaiting activation e-mail',
  );

  expect((await stack.request('POST', `/api/pks/${pksId}/activate`, { token: sales })).status).toBe(403);
  const incomplete = await stack.request('POST', `/api/pks/${pksId}/activate`, { token: crm.token });
  expect(incomplete.status).toBe(409);
  expect(incomplete.body.detail).toBe(
    'the checklist is incomplete: npwp, npwpAddress, stampDuty, reliever, invoiceRequirements, billingAddress, unionStatus',
  );
  const partial = await stack.request('POST', `/api/pks/${pksId}/checklist`, {
    token: crm.token,
    body: { npwp: CHECKLIST.npwp },
  });
  expect(partial.body.missingChecklist).toEqual([
    'npwpAddress',
    'stampDuty',
    'reliever',
    'invoiceRequirements',
    'billingAddress',
    'unionStatus',
  ]);
  expect(
    (
      await stack.request('POST', `/api/pks/${pksId}/checklist`, {
        token: crm.token,
        body: { ...CHECKLIST, invoicePicEmail: 'nope' },
      })
    ).body.errors[0].field,
  ).toBe('invoicePicEmail');
  expect(
    (await stack.request('POST', `/api/pks/${pksId}/checklist`, { token: crm.token, body: CHECKLIST })).body
      .missingChecklist,
  ).toEqual([]);

  const active = await stack.request('POST', `/api/pks/${pksId}/activate`, { token: crm.token });
  expect(active.body).toMatchObject({ status: 'active', activatedAt: expect.any(String) });
  expect((await stack.request('POST', `/api/pks/${pksId}/activate`, { token: crm.token })).status).toBe(409);
  expect((await stack.request('GET', `/api/customers/${leadId}`, { token: sales })).status).toBe(200);
  expect((await stack.request('GET', `/api/leads/${leadId}`, { token: sales })).body.statusId).toBe(102);
  await until(
    () => stack.request('GET', `/api/spk/${spk.body.id}`, { token: sales }),
    (r) => r.body.status === 'active',
    'SPK active',
  );
  await smtp.waitFor(
    (m) => m.envelope.includes(salesUser.email) && m.mail.subject === `PKS ${created.body.number} is active`,
    'activation e-mail',
  );

  // The documents carry the contract's own data.
  const spkPdf = await pdfText(`/api/spk/${spk.body.id}/document`, sales);
  expect(spkPdf).toContain(spk.body.number);
  expect(spkPdf).toContain('Jumlah tenaga kerja: 5 orang');
  expect(spkPdf).toContain('Jl. Industri 1');
  const agreement = (await pdfText(`/api/pks/${pksId}/agreement.pdf`, sales)).replace(/\s+/g, ' ');
  expect(agreement).toContain(created.body.number);
  expect(agreement).toContain('1 Januari 2027 sampai dengan 31 Desember 2027');
  expect(agreement).toContain(data.commercial.monthlyInvoice);
  expect(agreement).toContain(data.commercial.monthlyInvoiceWords);
  expect(agreement).toContain('H-30');
  // Stamp duty (UU 10/2020) applies to the agreement: a place for the meterai by the first party's signature.
  expect(agreement).toContain('Meterai Rp10.000');

  // A correction to the entity (which does not change the contract's version) shows in the next rendering.
  const pksRow = await stack.knex('pks').where({ id: pksId }).first('entity_id');
  const admin = (await stack.tokenFor('superadmin')).token;
  const corrected = await stack.request('PATCH', `/api/admin/entities/${pksRow.entity_id}`, {
    token: admin,
    body: {
      address: 'Jl. Gatot Subroto Kav. 52, Jakarta',
      directorName: 'Ir. Sutrisno Wibowo',
      directorTitle: 'Direktur Utama',
      legalName: 'PT Garda Satria Utama',
      npwp: '01.234.567.8-901.000',
      cityCode: '31.71',
    },
  });
  expect(corrected.status).toBe(200);
  const badNpwp = await stack.request('PATCH', `/api/admin/entities/${pksRow.entity_id}`, {
    token: admin,
    body: { npwp: '12345', cityCode: '99.99' },
  });
  expect(badNpwp.body.errors.map((e: { field: string }) => e.field)).toEqual(['npwp']);
  // The SPK now carries the entity's legal name, NPWP and a signature block for both parties.
  const spkAgain = (await pdfText(`/api/spk/${spk.body.id}/document`, sales)).replace(/\s+/g, ' ');
  expect(spkAgain).toContain('PT Garda Satria Utama');
  expect(spkAgain).toContain('NPWP 01.234.567.8-901.000');
  expect(spkAgain).toMatch(/Jakarta Pusat, \d{1,2} \w+ \d{4} Diterbitkan oleh/);
  expect(spkAgain).toMatch(/Ir\. Sutrisno Wibowo .*Direktur Utama/);
  const again = (await pdfText(`/api/pks/${pksId}/agreement.pdf`, sales)).replace(/\s+/g, ' ');
  expect(again).toContain('Jl. Gatot Subroto Kav. 52, Jakarta');
  expect(again).toContain('Ir. Sutrisno Wibowo');
  expect(again).toContain('PT Garda Satria Utama, beralamat di Jl. Gatot Subroto Kav. 52, Jakarta');
  expect(agreement).not.toContain('Ir. Sutrisno Wibowo');

  // Notices go out through the outbox, a moment after the run.
  const events = async () =>
    (await stack.request('GET', '/api/notifications?module=pks', { token: sales })).body.data.map(
      (n: { event: string }) => n.event,
    );
  await until(events, (inbox) => inbox.includes('activated'), 'the activation notice');
  expect(
    (await stack.request('GET', '/api/notifications?module=spk', { token: crm.token })).body.data.map(
      (n: { message: string }) => n.message,
    ),
  ).toEqual([`SPK ${spk.body.number} signed`]);
  const dashboard = (await stack.request('GET', '/api/pks/dashboard', { token: crm.token })).body;
  expect(dashboard.summary).toMatchObject({
    activeLater: 1,
    endingWithin3Months: 0,
    ended: 0,
    awaitingActivation: 0,
    total: 1,
  });
  expect(dashboard.expiring.data).toEqual([
    expect.objectContaining({ id: pksId, label: 'Berjalan', contractEnd: inYear(1, '12-31') }),
  ]);
  expect(
    (await stack.request('GET', '/api/pks/dashboard?pageSize=500', { token: crm.token })).body.errors[0].field,
  ).toBe('pageSize');

  const history = ((await stack.temporal.workflow.getHandle(pksWorkflowId(pksId)).fetchHistory()).events ?? [])
    .map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name)
    .filter(Boolean);
  expect(history).toEqual([
    'submit',
    'decide',
    'submit',
    'decide',
    'uploadSigned',
    'checklist',
    'checklist',
    'activate',
  ]);
  const log = (await stack.request('GET', `/api/pks/${pksId}`, { token: sales })).body.approvals.map(
    (a: { event: string }) => a.event,
  );
  expect(log).toEqual(['pending', 'rejected', 'pending', 'approved']);
});
