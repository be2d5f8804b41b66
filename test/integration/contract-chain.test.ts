// A contract's life after activation, over HTTP: an addendum that adds a site and changes the monthly amount from
// its effective month, a renewal that replaces the contract when activated, clause edits with history while a PKS
// is a draft, DOCX documents, termination, and the revenue all of this earns.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pksWorkflowId } from '../../workflows/pks-contract';
import { inYear, thisYear } from '../support/calendar';
import { activatePks, activeContract } from '../support/contracts';
import { approvedQuotation, fillSteps, guardPosition, submitAndApprove, TWO_SITES } from '../support/quotations';
import { Stack, type TestUser } from '../support/stack';
import { until } from '../support/until';

const Y = thisYear();
let stack: Stack;
let sales: string;
let salesUser: TestUser;
let crm: string;

beforeAll(async () => {
  stack = await Stack.start();
  ({ token: sales, user: salesUser } = await stack.tokenFor('sales'));
  crm = (await stack.tokenFor('crm_manager')).token;
});

afterAll(() => stack?.stop());

// The text of word/document.xml inside a DOCX (a zip), read with Python's zipfile.
async function docxText(url: string, token: string): Promise<string> {
  const response = await fetch(`${stack.baseUrl}${url}`, { headers: { Authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe(
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  );
  const file = path.join(os.tmpdir(), `cais-${randomUUID()}.docx`);
  fs.writeFileSync(file, Buffer.from(await response.arrayBuffer()));
  try {
    const xml = execFileSync(
      'python3',
      ['-c', 'import sys,zipfile; print(zipfile.ZipFile(sys.argv[1]).read("word/document.xml").decode())', file],
      { encoding: 'utf8' },
    );
    return xml.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');
  } finally {
    fs.rmSync(file);
  }
}

// A new quotation of `type` from the contract's quotation, completed and approved.
async function versionQuotation(
  type: 'rekontrak' | 'addendum',
  referenceQuotationId: number,
  layout: typeof TWO_SITES,
  period: { start: string; end: string },
) {
  const created = await stack.request('POST', '/api/quotations', {
    token: sales,
    body: { type, referenceQuotationId },
  });
  expect(created.status).toBe(201);
  await fillSteps(stack, sales, created.body.id, { positionId: await guardPosition(stack), from: 2, layout, period });
  await submitAndApprove(stack, sales, created.body.id);
  return (await stack.request('GET', `/api/quotations/${created.body.id}`, { token: sales })).body;
}

const monthly = async (pksId: number) =>
  Number((await stack.knex('pks').where({ id: pksId }).first()).commercial.roundedInvoice);

it('amends, renews and terminates a contract, and counts its revenue accordingly', async () => {
  const original = await approvedQuotation(stack, sales);
  // Set three and four years ahead: the runs time contracts against the real clock, so a period already past would
  // expire at once.
  const parent = await activeContract(stack, original, sales, crm, {
    start: inYear(3, '01-01'),
    end: inYear(3, '12-31'),
  });
  const baseNumber = parent.number.replace('PKS/ORG/', '');

  // Addendum from July: a third site, and a new monthly amount for the whole contract.
  const withSurabaya = {
    sites: [
      ...TWO_SITES.sites,
      { key: 'sby', name: 'Gudang Surabaya', provinceCode: '35', cityCode: '35.78', address: 'Jl. Rungkut 5' },
    ],
    positions: [...TWO_SITES.positions, { key: 'g3', siteKey: 'sby', hc: 4 }],
  };
  const addendumQuotation = await versionQuotation('addendum', original.quotationId, withSurabaya, {
    start: inYear(3, '07-01'),
    end: inYear(3, '12-31'),
  });
  const addendumBody = {
    type: 'addendum',
    parentPksId: parent.id,
    quotationId: addendumQuotation.id,
    siteKeys: ['sby'],
    effectiveDate: inYear(3, '07-01'),
    pksDate: inYear(3, '06-20'),
  };
  const outside = await stack.request('POST', '/api/pks', {
    token: crm,
    body: { ...addendumBody, effectiveDate: inYear(4, '02-01') },
  });
  expect(outside.status).toBe(422);
  expect(outside.body.errors[0].field).toBe('effectiveDate');
  expect(
    (await stack.request('POST', '/api/pks', { token: crm, body: { ...addendumBody, siteKeys: ['nowhere'] } })).body
      .errors[0].field,
  ).toBe('siteKeys.0');
  expect(
    (
      await stack.request('POST', '/api/pks', {
        token: crm,
        body: { ...addendumBody, quotationId: original.quotationId },
      })
    ).body.errors[0].field,
  ).toBe('quotationId');
  expect(
    (
      await stack.request('POST', '/api/pks', {
        token: crm,
        body: { ...addendumBody, contractStart: inYear(3, '07-01') },
      })
    ).body.errors[0].field,
  ).toBe('contractStart');
  const addendum = await stack.request('POST', '/api/pks', { token: crm, body: addendumBody });
  expect(addendum.status).toBe(201);
  expect(addendum.body).toMatchObject({
    type: 'addendum',
    parentPksId: parent.id,
    effectiveDate: inYear(3, '07-01'),
    contractStart: inYear(3, '07-01'),
    contractEnd: inYear(3, '12-31'),
    status: 'draft',
  });
  expect(addendum.body.number).toBe(`PKS/ADD/${baseNumber}-A01`);
  // Its quotation is now converted by this PKS (no SPK for an addendum).
  const converted = await until(
    () => stack.request('GET', `/api/quotations/${addendumQuotation.id}`, { token: sales }),
    (r) => r.body.status === 'converted',
    'addendum quotation converted',
  );
  expect(converted.body.statusReason).toBe(`PKS ${addendum.body.number}`);

  // A draft addendum's effective date is corrected within its contract; its period follows that date.
  const correct = (body: object) => stack.request('PATCH', `/api/pks/${addendum.body.id}`, { token: crm, body });
  const refused = await Promise.all([
    correct({ contractStart: inYear(3, '08-01') }),
    correct({ effectiveDate: inYear(3, '12-31') }),
  ]);
  expect(refused.map((r) => [r.status, r.body.errors[0].field])).toEqual([
    [422, 'contractStart'],
    [422, 'effectiveDate'],
  ]);
  expect((await correct({ effectiveDate: inYear(3, '08-01') })).body).toMatchObject({
    effectiveDate: inYear(3, '08-01'),
    contractStart: inYear(3, '08-01'),
  });
  const corrected = await correct({ effectiveDate: inYear(3, '07-01') });
  expect(corrected.body).toMatchObject({ effectiveDate: inYear(3, '07-01'), contractStart: inYear(3, '07-01') });

  // Clause edits while it is a draft: history, compare, unique titles, plain text only.
  const clauses = (await stack.request('GET', `/api/pks/${addendum.body.id}/clauses`, { token: crm })).body.data;
  const term = clauses.find((c: { title: string }) => c.title === 'Jangka Waktu');
  const edited = await stack.request('PUT', `/api/pks/${addendum.body.id}/clauses/${term.position}`, {
    token: crm,
    body: { title: 'Jangka Waktu', text: `${term.text} Addendum ini berlaku sejak 1 Juli ${Y + 3}.` },
  });
  expect(edited.status).toBe(200);
  expect(edited.body.version).toBe(corrected.body.version + 1);
  const unchanged = await stack.request('PUT', `/api/pks/${addendum.body.id}/clauses/${term.position}`, {
    token: crm,
    body: { title: 'Jangka Waktu', text: `${term.text} Addendum ini berlaku sejak 1 Juli ${Y + 3}.` },
  });
  expect(unchanged.body.version).toBe(edited.body.version);
  expect(
    (
      await stack.request('PUT', `/api/pks/${addendum.body.id}/clauses/${term.position}`, {
        token: crm,
        body: { title: 'Penutup', text: 'x' },
      })
    ).status,
  ).toBe(409);
  const markup = await stack.request('POST', `/api/pks/${addendum.body.id}/clauses`, {
    token: crm,
    body: { section: 'Pasal 10', title: 'Lokasi Tambahan', text: '<script>x</script>' },
  });
  expect(markup.status).toBe(422);
  expect(markup.body.errors[0].field).toBe('text');
  const added = await stack.request('POST', `/api/pks/${addendum.body.id}/clauses`, {
    token: crm,
    body: { section: 'Pasal 10', title: 'Lokasi Tambahan', text: 'Gudang Surabaya ditambahkan sebagai lokasi kerja.' },
  });
  expect(added.status).toBe(201);
  expect(
    (
      await stack.request('PUT', `/api/pks/${addendum.body.id}/clauses/99`, {
        token: crm,
        body: { title: 'A', text: 'B' },
      })
    ).status,
  ).toBe(404);
  const history = (
    await stack.request('GET', `/api/pks/${addendum.body.id}/clauses/${term.position}/history`, { token: crm })
  ).body.data;
  expect(history).toEqual([expect.objectContaining({ change: 'edited', title: 'Jangka Waktu', text: term.text })]);
  const compare = (
    await stack.request('GET', `/api/pks/${addendum.body.id}/clauses/${term.position}/compare`, { token: crm })
  ).body;
  expect(compare).toMatchObject({ historyId: history[0].id, titleChanged: false });
  expect(compare.diff).toContain(`+Addendum ini berlaku sejak 1 Juli ${Y + 3}.`);
  expect(await docxText(`/api/pks/${addendum.body.id}/agreement.docx`, crm)).toContain(
    'Gudang Surabaya ditambahkan sebagai lokasi kerja.',
  );

  await activatePks(stack, addendum.body.id, crm);
  expect(
    (
      await stack.request('PUT', `/api/pks/${addendum.body.id}/clauses/${term.position}`, {
        token: crm,
        body: { title: 'Jangka Waktu', text: 'x' },
      })
    ).status,
  ).toBe(409);
  const amended = (await stack.request('GET', `/api/pks/${parent.id}`, { token: crm })).body;
  expect(amended.number).toBe(parent.number); // the contract keeps its identity
  expect(
    amended.sites.map((s: { name: string; addedByAddendum: string | null }) => [s.name, s.addedByAddendum]),
  ).toEqual([
    ['Gudang Bekasi', null],
    ['Kantor Jakarta', null],
    ['Gudang Surabaya', addendum.body.number],
  ]);
  expect(amended.amendments).toEqual([
    {
      addendumNumber: addendum.body.number,
      effectiveMonth: `${Y + 3}-07`,
      monthlyAmount: await monthly(addendum.body.id),
    },
  ]);

  // Renewal from October: replaces the contract when activated; the old one stops at the end of September.
  const renewalQuotation = await versionQuotation('rekontrak', original.quotationId, TWO_SITES, {
    start: inYear(3, '10-01'),
    end: inYear(4, '09-30'),
  });
  const renewalBody = {
    type: 'rekontrak',
    parentPksId: parent.id,
    quotationId: renewalQuotation.id,
    siteKeys: ['bks', 'jkt'],
    pksDate: inYear(3, '09-15'),
    contractStart: inYear(3, '10-01'),
    contractEnd: inYear(4, '09-30'),
  };
  expect(
    (
      await stack.request('POST', '/api/pks', {
        token: crm,
        body: { ...renewalBody, contractStart: inYear(2, '12-01') },
      })
    ).body.errors[0].field,
  ).toBe('contractStart');
  expect(
    (await stack.request('POST', '/api/pks', { token: crm, body: { ...renewalBody, parentPksId: addendum.body.id } }))
      .body.errors[0].field,
  ).toBe('parentPksId');
  const renewal = await stack.request('POST', '/api/pks', { token: crm, body: renewalBody });
  expect(renewal.status).toBe(201);
  expect(renewal.body.number).toBe(`PKS/RKT/${baseNumber}-K01`);
  // Converted by this PKS, its quotation offers no site twice.
  await until(
    () => stack.request('GET', `/api/quotations/${renewalQuotation.id}`, { token: sales }),
    (r) => r.body.status === 'converted',
    'renewal quotation converted',
  );
  expect((await stack.request('POST', '/api/pks', { token: crm, body: renewalBody })).body.errors[0].field).toBe(
    'siteKeys.0',
  ); // its sites are taken
  await activatePks(stack, renewal.body.id, crm);
  const replaced = await until(
    () => stack.request('GET', `/api/pks/${parent.id}`, { token: crm }),
    (r) => r.body.status === 'superseded',
    'parent superseded',
  );
  expect(replaced.body).toMatchObject({
    supersededByPksId: renewal.body.id,
    terminatedOn: inYear(3, '09-30'),
    statusReason: `renewed by PKS ${renewal.body.number}`,
  });
  expect(await stack.temporal.workflow.getHandle(pksWorkflowId(parent.id)).result()).toBe('superseded');
  // Its addendum ends with it.
  expect(await stack.temporal.workflow.getHandle(pksWorkflowId(addendum.body.id)).result()).toBe('terminated');
  expect((await stack.request('GET', `/api/pks/${addendum.body.id}`, { token: crm })).body).toMatchObject({
    status: 'terminated',
    terminatedOn: inYear(3, '09-30'),
    statusReason: `PKS ${parent.number} renewed by PKS ${renewal.body.number}`,
  });
  expect(
    (await stack.request('POST', '/api/pks', { token: crm, body: { ...addendumBody, siteKeys: [] } })).status,
  ).toBe(409); // no longer active

  // Termination of the renewal in March of its second year: by the Manager CRM, inside the period, once.
  const terminate = (token: string, body: object) =>
    stack.request('POST', `/api/pks/${renewal.body.id}/terminate`, { token, body });
  expect(
    (await terminate(sales, { effectiveDate: inYear(4, '03-15'), reason: 'Pelanggan menutup gudang' })).status,
  ).toBe(403);
  expect((await terminate(crm, { effectiveDate: inYear(5, '01-01'), reason: 'x' })).body.errors[0].field).toBe(
    'effectiveDate',
  );
  expect((await terminate(crm, { effectiveDate: inYear(4, '03-15') })).body.errors[0].field).toBe('reason');
  const terminated = await terminate(crm, { effectiveDate: inYear(4, '03-15'), reason: 'Pelanggan menutup gudang' });
  expect(terminated.body).toMatchObject({ status: 'terminated', terminatedOn: inYear(4, '03-15') });
  expect((await terminate(crm, { effectiveDate: inYear(4, '03-16'), reason: 'again' })).status).toBe(409);

  // Both have ended; the addendum is no contract of its own on the dashboard.
  expect((await stack.request('GET', '/api/pks/dashboard', { token: crm })).body.summary).toMatchObject({
    activeLater: 0,
    endingWithin3Months: 0,
    ended: 2,
    total: 2,
  });
  const chain = (await stack.request('GET', `/api/pks?type=addendum`, { token: crm })).body.data;
  expect(chain.map((p: { id: number; parentPksId: number }) => [p.id, p.parentPksId])).toEqual([
    [addendum.body.id, parent.id],
  ]);

  // Revenue: A for Jan–Jun, the addendum's B for Jul–Sep (then replaced), the renewal's C for October to March.
  const [a, b, c] = [await monthly(parent.id), await monthly(addendum.body.id), await monthly(renewal.body.id)];
  const head = (await stack.tokenFor('sales_head')).token;
  const rows = (
    await stack.request('GET', `/api/sales-revenue?userId=${salesUser.id}&from=${Y + 3}-01&to=${Y + 4}-12`, {
      token: head,
    })
  ).body.data.map((r: { month: string; amount: number }) => [r.month, r.amount]);
  const expected: Array<[string, number]> = [];
  for (let m = 1; m <= 12; m++) expected.push([`${Y + 3}-${String(m).padStart(2, '0')}`, m <= 6 ? a : m <= 9 ? b : c]);
  for (let m = 1; m <= 3; m++) expected.push([`${Y + 4}-0${m}`, c]);
  expect(rows).toEqual(expected);
});
