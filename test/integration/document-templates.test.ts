// Templates as data: an admin uploads an entity's own quotation template (checked with sample data first), the
// entity's quotations render with it, a new version replaces it, and retiring it brings back the built-in one.
import zlib from 'node:zlib';
import { uploadFile } from '../support/contracts';
import { readPdf } from '../support/pdf';
import { approvedQuotation } from '../support/quotations';
import { Stack } from '../support/stack';

let stack: Stack;
let admin: string;
let gsu: number;
beforeAll(async () => {
  stack = await Stack.start();
  admin = (await stack.tokenFor('superadmin')).token;
  gsu = (await stack.knex('entities').where({ code: 'GSU' }).first()).id;
});
afterAll(() => stack?.stop());

const template = (heading: string, marker = '{d.number}') =>
  `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><h1>${heading}</h1><p>Nomor ${marker}</p>` +
  '<p>{d.customer.name}</p><p>Total {d.roundedInvoice}</p></body></html>';

const pdfText = (url: string, token: string) => readPdf(stack, url, token);

// A real PNG, `width` × `height` pixels of one colour.
function png(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (data: Buffer) => {
    let c = 0xffffffff;
    for (const byte of data) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows = Buffer.concat(
    Array.from({ length: height }, () => Buffer.from([0, ...Array(width).fill([200, 30, 30]).flat()])),
  );
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

it('checks an upload with sample data, renders the entity’s documents with the newest version, and falls back', async () => {
  const url = `/api/admin/entities/${gsu}/templates/quotation`;
  const list = () => stack.request('GET', `/api/admin/entities/${gsu}/templates`, { token: admin });
  expect((await list()).body.data).toEqual([]);

  // Refused, naming the field and Carbone's complaint; nothing stored.
  const broken = await uploadFile(stack, url, admin, 'penawaran.html', template('X', '{d.number:noSuchFormatter}'));
  expect(broken.status).toBe(422);
  expect(broken.body.errors[0]).toMatchObject({ field: 'file', message: expect.stringContaining('Carbone') });
  const notATemplate = await uploadFile(stack, url, admin, 'penawaran.txt', 'hello');
  expect(notATemplate.status).toBe(422);
  const zipNamedHtml = await uploadFile(stack, url, admin, 'penawaran.html', Buffer.from('PK\u0003\u0004rest'));
  expect(zipNamedHtml.status).toBe(422);
  expect((await uploadFile(stack, `/api/admin/entities/${gsu}/templates/invoice`, admin, 'a.html', 'x')).status).toBe(
    422,
  );
  expect(
    (await uploadFile(stack, `/api/admin/entities/99999/templates/quotation`, admin, 'a.html', '<p/>')).status,
  ).toBe(404);
  const sales = (await stack.tokenFor('sales')).token;
  expect((await uploadFile(stack, url, sales, 'penawaran.html', template('X'))).status).toBe(403);
  expect((await list()).body.data).toEqual([]);

  const first = await uploadFile(stack, url, admin, 'penawaran-gsu.html', template('PENAWARAN KHUSUS GSU'));
  expect(first.status).toBe(201);
  expect(first.body).toMatchObject({
    kind: 'quotation',
    version: 1,
    extension: 'html',
    fileName: 'penawaran-gsu.html',
  });
  const preview = await fetch(`${stack.baseUrl}${url}/preview`, { headers: { Authorization: `Bearer ${admin}` } });
  expect(preview.headers.get('content-type')).toContain('text/html');
  expect(await preview.text()).toContain('PENAWARAN KHUSUS GSU');

  const { quotationId } = await approvedQuotation(stack, sales);
  expect(await pdfText(`/api/quotations/${quotationId}/pdf`, sales)).toContain('PENAWARAN KHUSUS GSU');

  // A new version is the one in use, and the document renders afresh with it.
  expect((await uploadFile(stack, url, admin, 'v2.html', template('PENAWARAN VERSI DUA'))).body.version).toBe(2);
  expect((await list()).body.data.map((t: { version: number; inUse: boolean }) => [t.version, t.inUse])).toEqual([
    [2, true],
    [1, false],
  ]);
  expect(await pdfText(`/api/quotations/${quotationId}/pdf`, sales)).toContain('PENAWARAN VERSI DUA');
  // Previewed with a real quotation of the entity; a record that is not one is refused, naming the parameter.
  const number = (await stack.knex('quotations').where({ id: quotationId }).first()).number;
  const real = await fetch(`${stack.baseUrl}${url}/preview?documentId=${quotationId}`, {
    headers: { Authorization: `Bearer ${admin}` },
  });
  expect(await real.text()).toContain(`Nomor ${number}`);
  const missing = await stack.request('GET', `${url}/preview?documentId=99999`, { token: admin });
  expect(missing.status).toBe(404);
  const ion = (await stack.knex('entities').where({ code: 'ION' }).first()).id;
  const foreign = await stack.request(
    'GET',
    `/api/admin/entities/${ion}/templates/quotation/preview?documentId=${quotationId}`,
    {
      token: admin,
    },
  );
  expect(foreign.status).toBe(422);
  expect(foreign.body.errors[0].field).toBe('documentId');

  // Retired: the built-in template again; a second retirement finds nothing in use.
  expect((await stack.request('DELETE', url, { token: admin })).status).toBe(204);
  expect((await stack.request('DELETE', url, { token: admin })).status).toBe(404);
  const builtIn = await pdfText(`/api/quotations/${quotationId}/pdf`, sales);
  expect(builtIn).toContain('Penawaran Harga Jasa');
  expect(builtIn).not.toContain('PENAWARAN VERSI DUA');
  expect(await stack.knex('audit_log').where({ table_name: 'document_templates' }).count({ n: '*' })).toEqual([
    { n: '4' },
  ]);
});

it.each(['quotation', 'calculation', 'spk', 'agreement'])(
  'previews the built-in %s template with sample data',
  async (kind) => {
    const response = await fetch(`${stack.baseUrl}/api/admin/entities/${gsu}/templates/${kind}/preview`, {
      headers: { Authorization: `Bearer ${admin}` },
    });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('PT Garda Satria Utama');
    expect(html).not.toMatch(/\{d\./); // every marker filled
  },
);

it('puts the entity’s logo on its letterheads, refuses what is not an image, and removes it', async () => {
  const sales = (await stack.tokenFor('sales')).token;
  const { quotationId } = await approvedQuotation(stack, sales);
  const url = `/api/admin/entities/${gsu}/logo`;
  const upload = (name: string, content: Buffer | string, method = 'PUT') =>
    fetch(`${stack.baseUrl}${url}`, {
      method,
      headers: { Authorization: `Bearer ${admin}` },
      body: (() => {
        const form = new FormData();
        form.append('file', new Blob([content]), name);
        return form;
      })(),
    });
  const fake = await upload('logo.png', '<svg onload="x"/>');
  expect(fake.status).toBe(422);
  expect(((await fake.json()) as { errors: Array<{ field: string }> }).errors[0].field).toBe('file');
  expect(await upload('logo.png', png(8, 8), 'PUT').then((r) => r.status)).toBe(200);
  const set = await upload('logo.png', png(64, 32));
  expect(set.status).toBe(200);
  expect(((await set.json()) as { logoFileId: number }).logoFileId).toEqual(expect.any(Number));
  // The letterhead embeds it (64 × 32 pixels) in the next rendering of the quotation.
  expect(await readPdf(stack, `/api/quotations/${quotationId}/pdf`, sales, 'pdfimages')).toMatch(/image\s+64\s+32/);

  expect((await stack.request('DELETE', url, { token: admin })).status).toBe(204);
  expect(await readPdf(stack, `/api/quotations/${quotationId}/pdf`, sales, 'pdfimages')).not.toMatch(/image\s+64\s+32/);
  expect((await stack.request('DELETE', '/api/admin/entities/99999/logo', { token: admin })).status).toBe(404);
});

// A preview is a read of the record it is made from: a template manager sees only what their scope shows, and the
// template routes are not for anyone else (they once showed any salesperson every quotation by its id).
it('previews a record only for a template manager who may read it', async () => {
  const sales = (await stack.tokenFor('sales')).token;
  const { quotationId } = await approvedQuotation(stack, sales);
  const role = await stack.request('POST', '/api/admin/roles', {
    token: admin,
    body: { code: 'template_clerk', name: 'Template clerk', scope: 'own' },
  });
  expect(role.status).toBe(201);
  const menus = await stack.request('GET', `/api/admin/roles/${role.body.id}/permissions`, { token: admin });
  const menuId = (code: string) => menus.body.find((m: { code: string }) => m.code === code).menuId;
  const grants = [
    { menuId: menuId('master'), field: 'is_view', value: true },
    { menuId: menuId('sales'), field: 'is_view', value: true },
    { menuId: menuId('master_data'), field: 'is_view', value: true },
    { menuId: menuId('master_data'), field: 'is_edit', value: true },
    { menuId: menuId('quotation'), field: 'is_view', value: true },
  ];
  const granted = await stack.request('PUT', `/api/admin/roles/${role.body.id}/permissions`, {
    token: admin,
    body: { changes: grants },
  });
  expect(granted.status).toBe(204);
  const clerk = (await stack.tokenFor('template_clerk')).token;
  const base = `/api/admin/entities/${gsu}/templates`;
  // The clerk manages templates: sample previews and the list work.
  expect((await stack.request('GET', base, { token: clerk })).status).toBe(200);
  const sample = await fetch(`${stack.baseUrl}${base}/quotation/preview`, {
    headers: { Authorization: `Bearer ${clerk}` },
  });
  expect(sample.status).toBe(200);
  // Another user's quotation is missing for the clerk, as at GET /api/quotations/:id, for every kind made from it.
  expect((await stack.request('GET', `/api/quotations/${quotationId}`, { token: clerk })).status).toBe(404);
  for (const kind of ['quotation', 'calculation']) {
    const preview = await stack.request('GET', `${base}/${kind}/preview?documentId=${quotationId}`, { token: clerk });
    expect([kind, preview.status]).toEqual([kind, 404]);
  }
  // A salesperson does not manage templates at all, not even their own quotation's.
  for (const path of [base, `${base}/quotation/preview`, `${base}/quotation/preview?documentId=${quotationId}`])
    expect([path, (await stack.request('GET', path, { token: sales })).status]).toEqual([path, 403]);
});
