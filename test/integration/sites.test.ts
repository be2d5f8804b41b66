// The site list over HTTP (crm.md §2): every site the quotations of a lead in scope price, flagged as it goes into
// an SPK and then a contract; filters, scope and bad filters.
import { inDays, inYear } from '../support/calendar';
import { activeContract } from '../support/contracts';
import { approvedQuotation } from '../support/quotations';
import { Stack } from '../support/stack';

let stack: Stack;

beforeAll(async () => {
  stack = await Stack.start();
});

afterAll(() => stack?.stop());

it('lists quotation sites with whether an SPK or a contract holds them', async () => {
  const sales = (await stack.tokenFor('sales')).token;
  const crm = (await stack.tokenFor('crm_manager')).token;
  const ordered = await approvedQuotation(stack, sales);
  const contracted = await approvedQuotation(stack, sales);
  const spk = await stack.request('POST', '/api/spk', {
    token: sales,
    body: {
      leadId: ordered.leadId,
      spkDate: inDays(-12),
      sites: [{ quotationId: ordered.quotationId, siteKey: 'jkt' }],
    },
  });
  expect(spk.status).toBe(201);
  await activeContract(stack, contracted, sales, crm, { start: inYear(-1, '01-01'), end: inYear(4, '12-31') });

  const sites = async (query: string, token = sales) => stack.request('GET', `/api/sites?${query}`, { token });
  const flags = (body: {
    data: Array<{ quotationId: number; siteKey: string; hasSpk: boolean; hasContract: boolean }>;
  }) => body.data.map((s) => [s.quotationId, s.siteKey, s.hasSpk, s.hasContract]);
  const first = (await sites(`leadId=${ordered.leadId}`)).body;
  expect(flags(first)).toEqual([
    [ordered.quotationId, 'bks', false, false],
    [ordered.quotationId, 'jkt', true, false],
  ]);
  expect(first.data[0]).toMatchObject({
    name: 'Gudang Bekasi',
    provinceName: expect.any(String),
    cityName: expect.any(String),
    createdByName: expect.any(String),
    quotationStatus: expect.stringMatching(/approved|converted/),
  });
  expect(flags((await sites(`leadId=${contracted.leadId}`)).body)).toEqual([
    [contracted.quotationId, 'bks', true, true],
    [contracted.quotationId, 'jkt', true, true],
  ]);
  expect(flags((await sites('hasSpk=false')).body)).toEqual([[ordered.quotationId, 'bks', false, false]]);
  expect((await sites('hasContract=true')).body.pagination.total).toBe(2);
  expect(flags((await sites('q=Bekasi&hasContract=false')).body)).toEqual([[ordered.quotationId, 'bks', false, false]]);
  expect((await sites('serviceLineId=999999')).body.data).toEqual([]); // the lead list's filters apply
  expect((await sites(`dateFrom=2000-01-01&dateTo=2000-12-31&leadId=${contracted.leadId}`)).body.data).toEqual([]);
  expect((await sites(`dateFrom=2000-01-01&leadId=${contracted.leadId}`)).body.data).toHaveLength(2);

  // Another salesperson's scope holds none of these leads.
  const stranger = (await stack.tokenFor('sales')).token;
  expect((await sites('', stranger)).body.data).toEqual([]);
  const bad = await sites(`dateFrom=${inDays(0)}&dateTo=${inDays(-29)}&hasSpk=maybe`);
  expect(bad.status).toBe(422);
  expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['hasSpk']);
  expect((await sites(`dateFrom=${inDays(0)}&dateTo=${inDays(-29)}`)).body.errors[0].field).toBe('dateTo');
});
