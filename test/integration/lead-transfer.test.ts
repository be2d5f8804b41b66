// Leads through Excel over HTTP: the template, an export that imports back to the same sheet, a dry run, and a
// refused import that names each bad row and imports nothing.
import ExcelJS from 'exceljs';
import { Stack, randomWord } from '../support/stack';

let stack: Stack;
let sales: { token: string };

beforeAll(async () => {
  stack = await Stack.start();
  sales = await stack.tokenFor('sales');
});

afterAll(() => stack?.stop());

async function download(path: string): Promise<ExcelJS.Workbook> {
  const response = await fetch(`${stack.baseUrl}${path}`, { headers: { Authorization: `Bearer ${sales.token}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe(
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  );
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await response.arrayBuffer());
  return workbook;
}

function rows(workbook: ExcelJS.Workbook): string[][] {
  const out: string[][] = [];
  workbook.worksheets[0].eachRow((row) =>
    out.push(
      (row.values as unknown[])
        .slice(1)
        .map((v) => (v === null || v === undefined ? '' : String(v as string | number))),
    ),
  );
  return out;
}

async function upload(content: Buffer, name = 'leads.xlsx', dryRun = false) {
  const form = new FormData();
  form.append('file', new Blob([content]), name);
  const response = await fetch(`${stack.baseUrl}/api/leads/import?dryRun=${dryRun}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${sales.token}` },
    body: form,
  });
  return { status: response.status, body: (await response.json()) as any };
}

async function sheet(data: string[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const ws = workbook.addWorksheet('Leads');
  for (const row of data) ws.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

it('offers a template with dropdowns fed by code lists, instructions, and no row import would take', async () => {
  const template = await download('/api/leads/import-template');
  const [header, ...data] = rows(template);
  expect(header.slice(0, 3)).toEqual(['Nama perusahaan*', 'Nama PIC*', 'Jabatan PIC']);
  expect(data).toEqual([]);
  const leads = template.worksheets[0];
  const column = (name: string) => header.indexOf(name) + 1;
  expect(leads.getCell(2, column('Cabang*')).dataValidation).toMatchObject({
    type: 'list',
    formulae: [expect.stringMatching(/^Referensi!\$A\$2:\$A\$\d+$/)],
  });
  expect(leads.getCell(1001, column('Kode kota*')).dataValidation).toMatchObject({ type: 'list' });
  expect(leads.getColumn(column('Kode kota*')).numFmt).toBe('@');
  const reference = template.getWorksheet('Referensi')!;
  expect(reference.getCell('D1').value).toBe('Kode provinsi');
  expect(reference.getColumn('F').values).toContain('32.75');
  expect(template.getWorksheet('Petunjuk')!.getCell('D2').value).toBe('PT Contoh Sejahtera');

  // Filled in as downloaded, it imports.
  const row = leads.getRow(2);
  const fill: Record<string, string> = {
    'Nama perusahaan*': `PT ${randomWord()} Template`,
    'Nama PIC*': 'Sari',
    'Cabang*': (
      await stack
        .knex('branches')
        .where({ id: await stack.branch() })
        .first('name')
    ).name,
    'Kebutuhan*': 'Security',
    'Kode provinsi*': '32',
    'Kode kota*': '32.75',
  };
  for (const [name, value] of Object.entries(fill)) row.getCell(column(name)).value = value;
  const imported = await upload(Buffer.from(await template.xlsx.writeBuffer()));
  expect(imported).toMatchObject({ status: 201, body: { rows: 1, imported: 1 } });
  // Out of the way of the export below, which lists this salesperson's leads.
  const id = imported.body.leads[0].id as number;
  expect((await stack.request('DELETE', `/api/leads/${id}`, { token: sales.token })).status).toBe(204);
});

it('exports leads, re-imports the file and exports the same sheet again', async () => {
  const admin = (await stack.tokenFor('superadmin')).token;
  const type = await stack.request('POST', '/api/master/company-types', {
    token: admin,
    body: { name: 'Manufaktur besar', riskLevel: 'Tinggi' },
  });
  const leads = [
    await stack.createLead(sales.token, {
      companyName: `PT ${randomWord()} Logam`,
      picTitleId: 4,
      picEmail: 'pic@logam.id',
      companyTypeId: type.body.id,
      serviceLineIds: [1, 3],
      notes: 'Pabrik 3 shift',
    }),
    await stack.createLead(sales.token, {
      companyName: `CV ${randomWord()} Niaga`,
      sourceId: 2,
      businessSectorId: 4,
      districtCode: '32.75.01',
      address: 'Jl. Ahmad Yani 1',
    }),
  ];
  const exportedBook = await download('/api/leads/export');
  const first = rows(exportedBook);
  expect(first).toHaveLength(3);
  // Dates are Excel dates, not text.
  const dateCell = exportedBook.worksheets[0].getCell(2, first[0].indexOf('Tanggal leads') + 1);
  expect({ type: dateCell.type, numFmt: dateCell.numFmt }).toEqual({
    type: ExcelJS.ValueType.Date,
    numFmt: 'dd/mm/yyyy',
  });
  for (const lead of leads)
    expect((await stack.request('DELETE', `/api/leads/${lead.id}`, { token: sales.token })).status).toBe(204);

  const exported = await (await download('/api/leads/export?dateFrom=2000-01-01')).xlsx.writeBuffer();
  expect(
    rows(
      await (async () => {
        const w = new ExcelJS.Workbook();
        await w.xlsx.load(exported);
        return w;
      })(),
    ),
  ).toHaveLength(1);

  const file = await sheet(first);
  const before = await stack.knex('leads').count({ n: '*' });
  const dry = await upload(file, 'leads.xlsx', true);
  expect(dry).toEqual({ status: 200, body: { dryRun: true, rows: 2, imported: 0, leads: [] } });
  expect(await stack.knex('leads').count({ n: '*' })).toEqual(before);

  const imported = await upload(file);
  expect(imported.status).toBe(201);
  expect(imported.body).toMatchObject({ dryRun: false, rows: 2, imported: 2 });
  expect(imported.body.leads.map((l: { row: number }) => l.row)).toEqual([2, 3]);
  const again = rows(await download('/api/leads/export'));
  const codeColumn = first[0].indexOf('Kode');
  // Codes are new and rows come newest first, so compare the rows without codes, in a stable order.
  const withoutCodes = (sheetRows: string[][]) =>
    sheetRows.map((r) => r.filter((_, i) => i !== codeColumn)).sort((a, b) => a.join().localeCompare(b.join()));
  expect(withoutCodes(again)).toEqual(withoutCodes(first));
  const activity = await stack.knex('customer_activities').where({ lead_id: imported.body.leads[0].id }).first();
  expect(activity.notes).toBe('Lead imported with sales assignment');
});

it('refuses a file with bad rows, naming each row and field, and imports nothing', async () => {
  const existing = await stack.createLead(sales.token, { companyName: `PT ${randomWord()} Jaya Raya` });
  const fresh = `PT ${randomWord()} Mandiri`;
  const header = ['Nama perusahaan*', 'Nama PIC*', 'Cabang*', 'Kebutuhan*', 'Kode provinsi*', 'Kode kota*'];
  const file = await sheet([
    header,
    ['', 'Budi', 'Jakarta Pusat', 'Security', '32', '32.75'],
    [`PT ${randomWord()} Satu`, 'Budi', 'Atlantis', 'Security', '32', '32.75'],
    [existing.companyName, 'Budi', 'Jakarta Pusat', 'Security', '32', '32.75'],
    [fresh, 'Budi', 'Jakarta Pusat', 'Security', '32', '32.75'],
    [fresh, 'Siti', 'Jakarta Pusat', 'Cleaning Service', '32', '32.75'],
    [`PT ${randomWord()} Dua`, 'Budi', 'Jakarta Pusat', 'Security', '31', '32.75'],
  ]);
  const before = await stack.knex('leads').count({ n: '*' });
  const refused = await upload(file);
  expect(refused.status).toBe(422);
  expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual([
    'rows.2.companyName',
    'rows.3.branchId',
    'rows.4.companyName',
    'rows.6.companyName',
    'rows.7.cityCode',
  ]);
  expect(refused.body.detail).toContain('5 row(s) cannot be imported; nothing was imported');
  expect(await stack.knex('leads').count({ n: '*' })).toEqual(before);

  expect((await upload(Buffer.from('not a workbook'), 'leads.xlsx')).body.errors[0]).toEqual({
    field: 'file',
    message: 'the file is not a readable .xlsx workbook',
  });
  expect((await upload(Buffer.from('a,b'), 'leads.csv')).body.errors[0].field).toBe('file');
  expect((await upload(await sheet([['Nama perusahaan*']]))).body.errors[0].message).toContain(
    'missing column(s): Nama PIC, Cabang, Kebutuhan, Kode provinsi, Kode kota',
  );
});
