// The annual wage-adjustment campaign (issue 16) on the real stack: a UMK decree for Bekasi two years ahead (no real
// decree is ever that early) is recorded; the
// campaign prices 200 contracts and an open quotation again — with its worker killed in the middle — each exactly
// once; the impact report (JSON and XLSX) shows the Bekasi sites costing more and Jakarta's unchanged; a second run
// drafts addendum quotations and is cancelled part-way, leaving every addendum whole (quotation, link and run).
import ExcelJS from 'exceljs';
import { wageCampaignWorkflowId } from '../../workflows/wage-campaign-contract';
import { quotationWorkflowId } from '../../workflows/quotation-contract';
import { inYear } from '../support/calendar';
import { activeContract, cloneContracts } from '../support/contracts';
import { approvedQuotation } from '../support/quotations';
import { Stack } from '../support/stack';
import { until } from '../support/until';

jest.setTimeout(240_000);

let stack: Stack;
let admin: string;
const CLONES = 199;
const DECREE = inYear(2, '01-01');

beforeAll(async () => {
  stack = await Stack.start();
  admin = (await stack.tokenFor('superadmin')).token;
  const sales = (await stack.tokenFor('sales')).token;
  const crm = (await stack.tokenFor('crm_manager')).token;
  const contract = await activeContract(stack, await approvedQuotation(stack, sales), sales, crm, {
    start: inYear(-1, '06-01'),
    end: inYear(2, '12-31'),
  });
  await cloneContracts(stack.knex, contract.id, CLONES);
  await approvedQuotation(stack, sales); // an open offer in Bekasi too
  const decree = await stack.request('POST', '/api/master/minimum-wages', {
    token: admin,
    body: {
      kind: 'umk',
      provinceCode: '32',
      cityCode: '32.75',
      amount: 6_100_000,
      validFrom: DECREE,
      source: 'https://jdih.jabarprov.go.id/umk',
    },
  });
  expect(decree.status).toBe(201);
});

afterAll(() => stack?.stop());

const campaign = async (id: number) =>
  (await stack.request('GET', `/api/wage-campaigns/${id}`, { token: admin })).body as Record<string, any>;

it('refuses a date with no decree and a second campaign for the same decree', async () => {
  const none = await stack.request('POST', '/api/wage-campaigns', {
    token: admin,
    body: { validFrom: inYear(2, '02-01') },
  });
  expect([none.status, none.body.errors[0].field]).toEqual([422, 'validFrom']);
  const sales = (await stack.tokenFor('sales')).token;
  expect(
    (await stack.request('POST', '/api/wage-campaigns', { token: sales, body: { validFrom: DECREE } })).status,
  ).toBe(403);
});

it('prices every contract and open quotation in the decree’s regions once, through a worker crash', async () => {
  const started = await stack.request('POST', '/api/wage-campaigns', {
    token: admin,
    body: { validFrom: DECREE },
  });
  expect(started.status).toBe(201);
  expect(started.body.regions).toEqual({ provinces: [], cities: ['32.75'] });
  const id = started.body.id;
  expect(
    (await stack.request('POST', '/api/wage-campaigns', { token: admin, body: { validFrom: DECREE } })).status,
  ).toBe(409);

  // The worker dies while batches remain, and comes back.
  await until(
    () => campaign(id),
    (c) => c.counts.priced > 0 && c.counts.pending > 0,
    'the campaign part-way through pricing',
    60_000,
  );
  await stack.stopWorker();
  const during = await campaign(id);
  await stack.startWorker();
  const priced = await until(
    () => campaign(id),
    (c) => c.status === 'priced',
    'the campaign priced',
    120_000,
  );
  expect(during.counts.pending).toBeGreaterThan(0);
  expect(priced.counts).toEqual({ targets: CLONES + 2, pending: 0, priced: CLONES + 2, unpriceable: 0, drafted: 0 });
  expect(priced.contracts.delta).toBeGreaterThan(0);
  const items = await stack.knex('wage_campaign_items').where({ campaign_id: id });
  expect(new Set(items.map((i) => `${i.subject_type}:${i.subject_id}`)).size).toBe(CLONES + 2);
  expect(items.filter((i) => i.subject_type === 'quotation')).toHaveLength(1);

  // Bekasi costs more from the decree; Jakarta does not move.
  const impact = await stack.request('GET', `/api/wage-campaigns/${id}/impact?pageSize=5`, { token: admin });
  expect(impact.body.meta.total).toBe(CLONES + 2);
  const [first] = impact.body.data;
  expect(first.newInvoice).toBeGreaterThan(first.oldInvoice);
  expect(first.delta).toBeCloseTo(first.newInvoice - first.oldInvoice, 2);
  const bySite = Object.fromEntries(first.sites.map((s: { siteKey: string; delta: number }) => [s.siteKey, s.delta]));
  expect(bySite.bks).toBeGreaterThan(0);
  expect(bySite.jkt).toBe(0);
  expect(first.newMarginPercent).toBeDefined();

  const response = await fetch(`${stack.baseUrl}/api/wage-campaigns/${id}/impact?format=xlsx`, {
    headers: { Authorization: `Bearer ${admin}` },
  });
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await response.arrayBuffer());
  const [sheet, sites] = workbook.worksheets;
  expect(sheet.rowCount).toBe(CLONES + 3);
  expect(typeof sheet.getRow(2).getCell(7).value).toBe('number');
  expect(sites.rowCount).toBe(2 * (CLONES + 2) + 1);

  const closed = await stack.request('POST', `/api/wage-campaigns/${id}/close`, { token: admin });
  expect(closed.status).toBe(200);
  await until(
    () => campaign(id),
    (c) => c.status === 'completed',
    'the campaign closed',
  );
  expect((await stack.request('POST', `/api/wage-campaigns/${id}/addenda`, { token: admin })).status).toBe(409);
});

it('drafts addendum quotations on request; cancelled part-way, every addendum made is whole', async () => {
  const started = await stack.request('POST', '/api/wage-campaigns', {
    token: admin,
    body: { validFrom: DECREE },
  });
  const id = started.body.id;
  await until(
    () => campaign(id),
    (c) => c.status === 'priced',
    'the second campaign priced',
    120_000,
  );
  expect((await stack.request('POST', `/api/wage-campaigns/${id}/addenda`, { token: admin })).status).toBe(200);
  await until(
    () => campaign(id),
    (c) => c.counts.drafted >= 3,
    'addenda being drafted',
    60_000,
  );
  expect((await stack.request('POST', `/api/wage-campaigns/${id}/cancel`, { token: admin })).status).toBe(200);
  const cancelled = await until(
    () => campaign(id),
    (c) => c.status === 'cancelled',
    'the campaign cancelled',
    60_000,
  );
  expect(cancelled.counts.drafted).toBeLessThan(CLONES + 1);
  // The run records the cancellation, then ends as cancelled a moment later.
  await until(
    () => stack.temporal.workflow.getHandle(wageCampaignWorkflowId(id)).describe(),
    (run) => run.status.name === 'CANCELLED',
    'the campaign run cancelled',
  );

  const drafted = await stack.knex('wage_campaign_items').where({ campaign_id: id, status: 'drafted' });
  expect(drafted).toHaveLength(cancelled.counts.drafted);
  const addenda = await stack
    .knex('quotations')
    .where({ type: 'addendum' })
    .whereLike('status_reason', 'Penyesuaian upah%');
  expect(addenda.map((q) => q.id).sort()).toEqual(drafted.map((i) => i.addendum_quotation_id).sort());
  for (const item of drafted) {
    const addendum = addenda.find((q) => q.id === item.addendum_quotation_id)!;
    expect(addendum).toMatchObject({ parent_quotation_id: item.quotation_id, status: 'draft' });
    // Priced at the new wage from the decree's date: the amount the impact report promised.
    expect(Number(addendum.calculation.result.coss.roundedInvoice)).toBe(Number(item.new_invoice));
    const handle = stack.temporal.workflow.getHandle(quotationWorkflowId(addendum.id));
    expect((await handle.describe()).status.name).toBe('RUNNING');
  }
  // The addenda go through approval like any quotation.
  const pks = await stack.knex('pks').where({ id: drafted[0].subject_id }).first('sales_user_id');
  expect(addenda[0].sales_user_id).toBe(pks.sales_user_id);
});
