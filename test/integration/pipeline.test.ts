// The pipeline lists (issue 16) follow a deal step by step: approved sites wait for an SPK, a signed SPK's sites wait
// for a contract, an active contract nearing its end waits for its renewal; what a new version can reference; the
// site picker of a renewal. Each list keeps to the caller's scope.
import { activeContract, uploadFile } from '../support/contracts';
import { approvedQuotation } from '../support/quotations';
import { Stack } from '../support/stack';
import { until } from '../support/until';

let stack: Stack;
let sales: string;
let crm: string;

beforeAll(async () => {
  stack = await Stack.start();
  sales = (await stack.tokenFor('sales')).token;
  crm = (await stack.tokenFor('crm_manager')).token;
});

afterAll(() => stack?.stop());

const list = async (path: string, token = sales) => {
  const answer = await stack.request('GET', path, { token });
  expect(answer.status).toBe(200);
  return answer.body.data as Array<Record<string, any>>;
};
const dayFromToday = (days: number) =>
  new Date(Date.now() + days * 86_400_000 + 7 * 3_600_000).toISOString().slice(0, 10);

it('follows approved sites to an SPK and a signed SPK to a contract', async () => {
  const { quotationId, leadId } = await approvedQuotation(stack, sales);
  const waitingSpk = (await list('/api/pipeline/awaiting-spk')).find((r) => r.leadId === leadId);
  expect(waitingSpk).toMatchObject({ quotations: 1, sites: 2, daysWaiting: 0 });

  const spk = await stack.request('POST', '/api/spk', {
    token: sales,
    body: { leadId, spkDate: dayFromToday(0), sites: [{ quotationId, siteKey: 'bks' }] },
  });
  expect(spk.status).toBe(201);
  expect((await list('/api/pipeline/awaiting-spk')).find((r) => r.leadId === leadId)).toMatchObject({ sites: 1 });
  expect((await list('/api/pipeline/awaiting-pks')).find((r) => r.spkId === spk.body.id)).toBeUndefined(); // unsigned

  await uploadFile(stack, `/api/spk/${spk.body.id}/documents`, sales, 'spk.pdf', '%PDF spk');
  const waitingPks = await until(
    () => list('/api/pipeline/awaiting-pks'),
    (rows) => rows.some((r) => r.spkId === spk.body.id),
    'the signed SPK in the pipeline',
  );
  expect(waitingPks.find((r) => r.spkId === spk.body.id)).toMatchObject({
    leadId,
    sites: 1,
    headcount: 3,
    daysWaiting: 0,
    signedAt: expect.any(String),
  });

  // Another salesperson's pipeline does not show this deal.
  const stranger = (await stack.tokenFor('sales')).token;
  expect((await list('/api/pipeline/awaiting-spk', stranger)).some((r) => r.leadId === leadId)).toBe(false);
  expect((await list('/api/pipeline/awaiting-pks', stranger)).some((r) => r.spkId === spk.body.id)).toBe(false);

  const sites = (await stack.request('GET', `/api/pks/available-sites?leadId=${leadId}`, { token: crm })).body.data;
  const pks = await stack.request('POST', '/api/pks', {
    token: crm,
    body: {
      leadId,
      spkSiteIds: sites.map((s: { spkSiteId: number }) => s.spkSiteId),
      pksDate: dayFromToday(0),
      contractStart: dayFromToday(1),
      contractEnd: dayFromToday(366),
      salaryRuleId: 1,
      thrRuleId: 1,
    },
  });
  expect(pks.status).toBe(201);
  await until(
    () => list('/api/pipeline/awaiting-pks'),
    (rows) => !rows.some((r) => r.spkId === spk.body.id),
    'the SPK leaving the pipeline once in a contract',
  );
});

it('shows contracts nearing their end with the renewal under way, and what a new version can reference', async () => {
  const quotation = await approvedQuotation(stack, sales);
  const contract = await activeContract(stack, quotation, sales, crm, {
    start: dayFromToday(-300),
    end: dayFromToday(30),
  });
  const ending = await list('/api/pipeline/renewals?withinDays=60');
  expect(ending.find((r) => r.pksId === contract.id)).toMatchObject({
    leadId: quotation.leadId,
    daysLeft: 30,
    renewalQuotation: null,
    renewalPks: null,
  });
  expect((await list('/api/pipeline/renewals?withinDays=20')).some((r) => r.pksId === contract.id)).toBe(false);
  const renewable = await list('/api/pipeline/eligible?type=rekontrak');
  expect(renewable.find((r) => r.pksId === contract.id)).toMatchObject({
    referenceQuotationId: quotation.quotationId,
    contractEnd: dayFromToday(30),
  });

  const renewal = await stack.request('POST', '/api/quotations', {
    token: sales,
    body: { type: 'rekontrak', referenceQuotationId: quotation.quotationId },
  });
  expect(renewal.status).toBe(201);
  expect((await list('/api/pipeline/renewals?withinDays=60')).find((r) => r.pksId === contract.id)).toMatchObject({
    renewalQuotation: { id: renewal.body.id, number: renewal.body.number, status: 'draft' },
  });
  expect(
    (await list('/api/pipeline/renewals?withinDays=60&withoutRenewal=true')).some((r) => r.pksId === contract.id),
  ).toBe(false);
  // One renewal at a time; an addendum may still be made from the same contract.
  expect((await list('/api/pipeline/eligible?type=rekontrak')).some((r) => r.pksId === contract.id)).toBe(false);
  expect((await list('/api/pipeline/eligible?type=addendum')).some((r) => r.pksId === contract.id)).toBe(true);

  // The renewal's site picker offers the sites its quotation prices.
  const picker = await stack.request('GET', `/api/pks/available-quotation-sites?quotationId=${renewal.body.id}`, {
    token: crm,
  });
  expect(picker.body.data.map((s: { siteKey: string }) => s.siteKey)).toEqual(['bks', 'jkt']);
  const bad = await stack.request('GET', '/api/pipeline/eligible?type=baru', { token: sales });
  expect([bad.status, bad.body.errors[0].field]).toEqual([422, 'type']);
});
