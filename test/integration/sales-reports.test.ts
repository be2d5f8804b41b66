// Sales reports over HTTP on real records: a quotation taken to an SPK, activities logged by two salespeople, a
// telesales lead; each report's figures, its XLSX export, role scope and bad filters.
import ExcelJS from 'exceljs';
import { jakartaYearMonth } from '../../src/domain/jakarta-time';
import { approvedQuotation } from '../support/quotations';
import { Stack, type TestUser } from '../support/stack';

let stack: Stack;
type Login = { user: TestUser; token: string };
let alice: Login;
let bob: Login;
let telesales: Login;
let head: string;
const { year, month } = jakartaYearMonth(new Date());
const day = (d: number) => `${year}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

async function xlsxSheet(path: string, token: string): Promise<ExcelJS.Worksheet> {
  const response = await fetch(`${stack.baseUrl}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  expect(response.headers.get('content-type')).toContain('spreadsheetml');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await response.arrayBuffer());
  return workbook.worksheets[0];
}

async function xlsxRows(path: string, token: string): Promise<string[][]> {
  const rows: string[][] = [];
  (await xlsxSheet(path, token)).eachRow((row) =>
    rows.push((row.values as unknown[]).slice(1).map((v) => String((v as string | number | null) ?? ''))),
  );
  return rows;
}

beforeAll(async () => {
  stack = await Stack.start();
  [alice, bob, telesales] = await Promise.all([
    stack.tokenFor('sales'),
    stack.tokenFor('sales'),
    stack.tokenFor('telesales'),
  ]);
  head = (await stack.tokenFor('sales_head')).token;

  // Alice: one quotation approved and turned into an SPK, one draft quotation.
  const { quotationId, leadId } = await approvedQuotation(stack, alice.token);
  const spk = await stack.request('POST', '/api/spk', {
    token: alice.token,
    body: { leadId, spkDate: day(9), sites: [{ quotationId, siteKey: 'bks' }] },
  });
  expect(spk.status).toBe(201);
  const entityId = (await stack.knex('entities').where({ code: 'GSU' }).first()).id;
  expect(
    (await stack.request('POST', '/api/quotations', { token: alice.token, body: { leadId, entityId } })).status,
  ).toBe(201);

  // A telesales lead whose two service lines go to Alice and Bob; activities on it.
  const lead = await stack.createLead(telesales.token, {
    serviceLineIds: [1, 3],
    assignments: [
      { salesUserId: alice.user.id, serviceLineIds: [1] },
      { salesUserId: bob.user.id, serviceLineIds: [3] },
    ],
  });
  const [aliceLine, bobLine] = lead.serviceLines.map((l: { leadServiceLineId: number }) => l.leadServiceLineId);
  const log = async (user: { token: string }, body: object) => {
    const r = await stack.request('POST', '/api/sales-activities', {
      token: user.token,
      body: { leadId: lead.id, minutes: 'notes', ...body },
    });
    expect(r.status).toBe(201);
  };
  await log(alice, { leadServiceLineId: aliceLine, activityDate: day(2), type: 'Kirim Berkas', recipient: 'Pak Joko' });
  await log(alice, {
    leadServiceLineId: aliceLine,
    activityDate: day(3),
    type: 'Appointment',
    startTime: '09:00',
    endTime: '10:00',
  });
  await log(bob, {
    leadServiceLineId: bobLine,
    activityDate: day(10),
    type: 'Appointment',
    startTime: '09:00',
    endTime: '10:00',
  });
  await log(alice, { leadServiceLineId: aliceLine, activityDate: day(16), type: 'Visit', visitTypeId: 2 });
  await log(alice, { leadServiceLineId: aliceLine, activityDate: day(23), type: 'Telepon' });
  await stack.createLead(telesales.token); // brought in, not yet assigned
});

afterAll(() => stack?.stop());

it('builds the monthly funnel per salesperson from activities, quotations and SPKs, and exports it', async () => {
  const report = await stack.request('GET', `/api/sales-reports/monthly?year=${year}&month=${month}`, { token: head });
  expect(report.status).toBe(200);
  const row = (userId: number) => report.body.rows.find((r: { userId: number }) => r.userId === userId);
  // Alice: 1 proposal, 1 appointment, 2 visits (Visit, Telepon), 2 new quotations, 1 SPK.
  expect(row(alice.user.id)).toMatchObject({
    proposals: 1,
    appointments: 1,
    visits: 2,
    quotations: 2,
    spk: 1,
    pks: 0,
    conversion: {
      proposalToAppointment: 100,
      appointmentToVisit: 200,
      visitToQuotation: 100,
      quotationToSpk: 50,
      spkToPks: 0,
    },
  });
  expect(row(bob.user.id)).toMatchObject({ proposals: 0, appointments: 1, visits: 0, quotations: 0, spk: 0 });
  expect(row(telesales.user.id)).toBeUndefined(); // telesales have their own report

  const rows = await xlsxRows(`/api/sales-reports/monthly?year=${year}&month=${month}&format=xlsx`, head);
  expect(rows[0].slice(0, 6)).toEqual(['Sales', 'Role', 'Cabang', 'Proposal', 'Appointment', 'Visit']);
  const aliceName = (await stack.knex('users').where({ id: alice.user.id }).first()).full_name;
  const aliceRow = rows.find((r) => r[0] === aliceName)!;
  expect(aliceRow.slice(3, 9)).toEqual(['1', '1', '2', '2', '1', '0']);
  // Percentages are numbers shown as %, not text.
  expect(aliceRow.slice(-5)).toEqual(['1', '2', '1', '0.5', '0']);
  const sheet = await xlsxSheet(`/api/sales-reports/monthly?year=${year}&month=${month}&format=xlsx`, head);
  const cell = sheet.getRow(rows.indexOf(aliceRow) + 1).getCell(rows[0].length - 1);
  expect({ type: cell.type, value: cell.value, numFmt: cell.numFmt }).toEqual({
    type: ExcelJS.ValueType.Number,
    value: 0.5,
    numFmt: '0.0%',
  });
});

it('splits the month into weeks', async () => {
  const report = await stack.request('GET', `/api/sales-reports/weekly?year=${year}&month=${month}`, { token: head });
  const aliceName = (await stack.knex('users').where({ id: alice.user.id }).first()).full_name;
  const weeks = report.body.rows.find((r: { userId: number }) => r.userId === alice.user.id).weeks;
  expect(
    weeks.map((w: { week: number; appointments: number; visits: number; spk: number }) => [
      w.week,
      w.appointments,
      w.visits,
      w.spk,
    ]),
  ).toEqual([
    [1, 1, 0, 0],
    [2, 0, 0, 1],
    [3, 0, 1, 0],
    [4, 0, 0, 0],
  ]);
  expect(
    (await xlsxRows(`/api/sales-reports/weekly?year=${year}&month=${month}&format=xlsx`, head))
      .filter((r) => r[0] === aliceName)
      .map((r) => r[3]),
  ).toEqual(['W1', 'W2', 'W3', 'W4']);
});

it('follows the telesales leads to assignment and appointment', async () => {
  const report = await stack.request('GET', `/api/sales-reports/telesales?year=${year}&month=${month}`, {
    token: head,
  });
  const row = report.body.rows.find((r: { userId: number }) => r.userId === telesales.user.id);
  // The two leads it created: one assigned (with appointments), one not.
  expect(row).toMatchObject({
    leads: 2,
    assigned: 1,
    appointments: 1,
    conversion: { leadToAssignment: 50, assignmentToAppointment: 100 },
  });
  expect(row.weeks.reduce((s: number, w: { leads: number }) => s + w.leads, 0)).toBe(2);
});

it('lists one salesperson’s activities, including those others logged on his lines', async () => {
  const detail = await stack.request(
    'GET',
    `/api/sales-reports/activities?year=${year}&month=${month}&userId=${alice.user.id}`,
    { token: head },
  );
  expect(detail.body.rows.map((r: { type: string }) => r.type)).toEqual([
    'Kirim Berkas',
    'Appointment',
    'Visit',
    'Telepon',
  ]);
  expect(
    (
      await xlsxRows(
        `/api/sales-reports/activities?year=${year}&month=${month}&userId=${bob.user.id}&format=xlsx`,
        head,
      )
    ).map((r) => r[1]),
  ).toEqual(['Jenis', 'Appointment']);
});

it('rates quotations per salesperson', async () => {
  const report = await stack.request('GET', `/api/sales-reports/quotation-conversion?year=${year}`, { token: head });
  expect(report.body.rows.find((r: { salesUserId: number }) => r.salesUserId === alice.user.id)).toMatchObject({
    created: 2,
    submitted: 1,
    approved: 1,
    converted: 1,
    approvalRate: 100,
    conversionRate: 50,
  });
});

it('shows a salesperson only himself, a leader his team, in every report', async () => {
  const own = await stack.request('GET', `/api/sales-reports/monthly?year=${year}&month=${month}`, {
    token: bob.token,
  });
  expect(own.body.rows.map((r: { userId: number }) => r.userId)).toEqual([bob.user.id]);
  expect(
    (
      await stack.request('GET', `/api/sales-reports/weekly?year=${year}&month=${month}`, { token: bob.token })
    ).body.rows.map((r: { userId: number }) => r.userId),
  ).toEqual([bob.user.id]);
  expect(
    (await stack.request('GET', `/api/sales-reports/telesales?year=${year}&month=${month}`, { token: bob.token })).body
      .rows,
  ).toEqual([]);
  const leader = await stack.tokenFor('sales_leader');
  const [team] = await stack
    .knex('sales_teams')
    .insert({ name: `Team ${leader.user.id}`, leader_user_id: leader.user.id })
    .returning('id');
  await stack.knex('sales_team_members').insert({ team_id: team.id, user_id: alice.user.id });
  const teamView = await stack.request('GET', `/api/sales-reports/monthly?year=${year}&month=${month}`, {
    token: leader.token,
  });
  expect(teamView.body.rows.map((r: { userId: number }) => r.userId).sort()).toEqual(
    [alice.user.id, leader.user.id].sort(),
  );
  expect(
    (
      await stack.request('GET', `/api/sales-reports/activities?year=${year}&month=${month}&userId=${bob.user.id}`, {
        token: leader.token,
      })
    ).status,
  ).toBe(404);
  expect(
    (
      await stack.request('GET', `/api/sales-reports/activities?year=${year}&month=${month}&userId=${alice.user.id}`, {
        token: bob.token,
      })
    ).status,
  ).toBe(404);
  const conversion = await stack.request('GET', `/api/sales-reports/quotation-conversion?year=${year}`, {
    token: bob.token,
  });
  expect(conversion.body.rows).toEqual([]);
});

it('rejects bad filters naming the field', async () => {
  for (const [query, field] of [
    ['year=2026&month=13', 'month'],
    ['month=1', 'year'],
    [`year=${year}&month=${month}&format=pdf`, 'format'],
  ] as const) {
    const r = await stack.request('GET', `/api/sales-reports/monthly?${query}`, { token: head });
    expect(r.status).toBe(422);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.body.errors[0].field).toBe(field);
  }
  expect(
    (await stack.request('GET', `/api/sales-reports/activities?year=${year}&month=${month}`, { token: head })).body
      .errors[0].field,
  ).toBe('userId');
});

it('lists the large quotations of the year by headcount or monthly invoice, as JSON and as a sheet', async () => {
  const path = (query: string) => `/api/sales-reports/large-quotations?year=${year}&${query}`;
  const five = await stack.request('GET', path('minHeadcount=5&minMonthlyInvoice=1000000000000'), { token: head });
  expect(five.status).toBe(200);
  // Alice's approved quotation prices 5 guards (3 in Bekasi, 2 in Jakarta).
  expect(five.body.rows).toEqual([
    expect.objectContaining({ headcount: 5, monthlyInvoice: expect.any(Number), createdOn: expect.any(String) }),
  ]);
  expect(five.body.rows[0].monthlyInvoice).toBeGreaterThan(0);
  const none = await stack.request('GET', path('minHeadcount=6&minMonthlyInvoice=1000000000000'), { token: head });
  expect(none.body.rows).toEqual([]);
  const byInvoice = await stack.request('GET', path(`minHeadcount=100&minMonthlyInvoice=1`), { token: head });
  expect(byInvoice.body.rows.map((r: { id: number }) => r.id)).toEqual(five.body.rows.map((r: { id: number }) => r.id));
  // The sheet keeps amounts as numbers and the day as a date.
  const sheet = await xlsxSheet(path('minHeadcount=5&format=xlsx'), head);
  const row = sheet.getRow(2);
  expect(typeof row.getCell(6).value).toBe('number');
  expect(row.getCell(7).value).toBeInstanceOf(Date);
  expect((await stack.request('GET', path('minHeadcount=0'), { token: head })).body.errors[0].field).toBe(
    'minHeadcount',
  );
});
