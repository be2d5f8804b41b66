// System announcements over HTTP: only admins publish; HTML is sanitised; attachments and inline images follow the
// upload rules and are readable by everyone once published; each user has their own read state.
import ExcelJS from 'exceljs';
import { inDays } from '../support/calendar';
import { Stack } from '../support/stack';

async function workbook(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.addWorksheet('data').addRow(['a', 1]);
  return Buffer.from(await book.xlsx.writeBuffer());
}

let stack: Stack;
let admin: string;
let sales: string;
let other: string;

beforeAll(async () => {
  stack = await Stack.start();
  [admin, sales, other] = (
    await Promise.all([stack.tokenFor('superadmin'), stack.tokenFor('sales'), stack.tokenFor('sales_manager')])
  ).map((l) => l.token);
});

afterAll(() => stack?.stop());

async function upload(
  token: string,
  path: string,
  field: string,
  name: string,
  content: Buffer | string,
  type = 'application/pdf',
) {
  const form = new FormData();
  form.append(field, new Blob([content], { type }), name);
  const response = await fetch(`${stack.baseUrl}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
    body: form,
  });
  return { status: response.status, body: (await response.json()) as any };
}

const download = (token: string, fileId: number) =>
  fetch(`${stack.baseUrl}/api/files/${fileId}`, { headers: { Authorization: `Bearer ${token}` } });
const count = async () => Number((await stack.knex('announcements').count({ n: '*' }))[0].n);

it('publishes sanitised announcements with files that every user reads and marks read for themselves', async () => {
  const attachment = await upload(
    admin,
    '/api/files?purpose=announcement',
    'files',
    'catatan-rilis.pdf',
    '%PDF-1.4 release notes',
  );
  expect(attachment.status).toBe(201);
  const image = await upload(
    admin,
    '/api/announcements/images',
    'file',
    'layar.png',
    Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), // PNG signature and header chunk
    'image/png',
  );
  expect(image.status).toBe(201);
  expect(image.body.url).toBe(`/api/files/${image.body.id}`);

  const created = await stack.request('POST', '/api/announcements', {
    token: admin,
    body: {
      category: 'Fitur Baru',
      title: 'Laporan penjualan',
      version: '2.1.0',
      releaseDate: inDays(-17),
      description: 'Funnel bulanan dan mingguan',
      detailsHtml: `<p onclick="x()">Lihat <a href="javascript:alert(1)">ini</a><script>alert(1)</script></p><img src="${image.body.url}" alt="layar">`,
      fileIds: [attachment.body.data[0].id],
    },
  });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({
    category: 'Fitur Baru',
    title: 'Laporan penjualan',
    releaseDate: inDays(-17),
    isActive: true,
    isRead: false,
  });
  expect(created.body.detailsHtml).toBe(
    `<p>Lihat <a target="_blank" rel="noopener noreferrer">ini</a></p><img src="${image.body.url}" alt="layar" />`,
  );
  expect(created.body.files.map((f: { originalName: string }) => f.originalName)).toEqual(['catatan-rilis.pdf']);
  const older = await stack.request('POST', '/api/announcements', {
    token: admin,
    body: { category: 'Bug Fix', title: 'Perbaikan ekspor', releaseDate: inDays(-36), description: 'Ekspor leads' },
  });
  expect(older.body.releaseDate).toBe(inDays(-36));

  // Everyone sees them, newest release first, and can open the files.
  const list = await stack.request('GET', '/api/announcements', { token: sales });
  expect(list.body.data.map((a: { id: number }) => a.id)).toEqual([created.body.id, older.body.id]);
  expect(list.body.unread).toBe(2);
  expect((await download(sales, attachment.body.data[0].id)).status).toBe(200);
  expect((await download(sales, image.body.id)).status).toBe(200);
  expect(
    (await stack.request('GET', '/api/announcements?category=Bug%20Fix', { token: sales })).body.data.map(
      (a: { id: number }) => a.id,
    ),
  ).toEqual([older.body.id]);
  expect(
    (await stack.request('GET', '/api/announcements?search=ekspor', { token: sales })).body.data.map(
      (a: { id: number }) => a.id,
    ),
  ).toEqual([older.body.id]);

  // Read state is per user.
  expect((await stack.request('POST', `/api/announcements/${created.body.id}/read`, { token: sales })).status).toBe(
    204,
  );
  expect((await stack.request('POST', `/api/announcements/${created.body.id}/read`, { token: sales })).status).toBe(
    204,
  );
  const afterRead = await stack.request('GET', '/api/announcements', { token: sales });
  expect(afterRead.body.unread).toBe(1);
  expect(afterRead.body.data.map((a: { isRead: boolean }) => a.isRead)).toEqual([true, false]);
  expect(
    (await stack.request('GET', '/api/announcements?isRead=false', { token: sales })).body.data.map(
      (a: { id: number }) => a.id,
    ),
  ).toEqual([older.body.id]);
  expect((await stack.request('GET', '/api/announcements', { token: other })).body.unread).toBe(2);

  // Unpublished: gone for users (and its files), still there for admins; then deleted for everyone.
  const hidden = await stack.request('PUT', `/api/announcements/${created.body.id}`, {
    token: admin,
    body: {
      ...created.body,
      id: undefined,
      isRead: undefined,
      files: undefined,
      createdAt: undefined,
      updatedAt: undefined,
      createdByName: undefined,
      isActive: false,
      fileIds: [attachment.body.data[0].id],
    },
  });
  expect(hidden.status).toBe(200);
  expect(hidden.body.files).toHaveLength(1);
  expect((await stack.request('GET', `/api/announcements/${created.body.id}`, { token: sales })).status).toBe(404);
  expect((await download(sales, attachment.body.data[0].id)).status).toBe(404);
  expect((await stack.request('GET', `/api/announcements/${created.body.id}`, { token: admin })).status).toBe(200);
  expect(
    (
      await stack.request('DELETE', `/api/announcements/${older.body.id}/files/${attachment.body.data[0].id}`, {
        token: admin,
      })
    ).status,
  ).toBe(404);
  expect(
    (
      await stack.request('DELETE', `/api/announcements/${created.body.id}/files/${attachment.body.data[0].id}`, {
        token: admin,
      })
    ).status,
  ).toBe(204);
  expect((await stack.request('DELETE', `/api/announcements/${older.body.id}`, { token: admin })).status).toBe(204);
  expect((await stack.request('GET', '/api/announcements', { token: sales })).body.data).toEqual([]);
  expect(await stack.knex('audit_log').where({ table_name: 'announcements' }).orderBy('id').pluck('action')).toEqual([
    'create',
    'create',
    'update',
    'update',
    'delete',
  ]);
});

it('lets only admins publish, and rejects bad input and other people’s or wrong files without saving anything', async () => {
  const valid = { category: 'Aturan', title: 'Aturan baru', description: 'Isi' };
  const before = await count();
  expect((await stack.request('POST', '/api/announcements', { token: sales, body: valid })).status).toBe(403);
  expect((await upload(sales, '/api/announcements/images', 'file', 'a.png', 'x', 'image/png')).status).toBe(403);

  const bad = await stack.request('POST', '/api/announcements', {
    token: admin,
    body: { ...valid, category: 'Gosip', title: '' },
  });
  expect(bad.status).toBe(422);
  expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['category', 'title']);

  const notMine = await upload(sales, '/api/files?purpose=announcement', 'files', 'x.pdf', '%PDF');
  const refused = await stack.request('POST', '/api/announcements', {
    token: admin,
    body: { ...valid, fileIds: [notMine.body.data[0].id] },
  });
  expect(refused.status).toBe(422);
  expect(refused.body.errors[0].field).toBe('fileIds.0');
  // A file uploaded for another purpose whose type announcements do not take.
  const sheet = await upload(
    admin,
    '/api/files?purpose=email',
    'files',
    'data.xlsx',
    await workbook(),
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  );
  expect(
    (
      await stack.request('POST', '/api/announcements', {
        token: admin,
        body: { ...valid, fileIds: [sheet.body.data[0].id] },
      })
    ).body.errors[0].field,
  ).toBe('fileIds.0');
  // An inline image that is not an image upload.
  const pdf = await upload(admin, '/api/files?purpose=announcement', 'files', 'doc.pdf', '%PDF');
  const inline = await stack.request('POST', '/api/announcements', {
    token: admin,
    body: {
      ...valid,
      detailsHtml: `<img src="https://example.com/a.png"><img src="/api/files/${pdf.body.data[0].id}">`,
    },
  });
  expect(inline.status).toBe(422);
  expect(inline.body.errors[0].field).toBe('detailsHtml.0');

  const wrongType = await upload(admin, '/api/announcements/images', 'file', 'script.svg', '<svg/>', 'image/svg+xml');
  expect(wrongType.status).toBe(422);
  expect(wrongType.body.errors[0].field).toBe('file');
  const tooBig = await upload(
    admin,
    '/api/announcements/images',
    'file',
    'big.png',
    Buffer.alloc(5 * 1024 * 1024 + 1),
    'image/png',
  );
  expect(tooBig.status).toBe(422);
  expect(await count()).toBe(before);
  expect(
    (await stack.request('GET', '/api/announcements?category=Lainnya', { token: sales })).body.errors[0].field,
  ).toBe('category');

  // An outside image (a tracking pixel for every reader) is not kept.
  const pixel = await stack.request('POST', '/api/announcements', {
    token: admin,
    body: { ...valid, detailsHtml: '<p>Rilis</p><img src="https://tracker.example/p.gif?u=1">' },
  });
  expect([pixel.status, pixel.body.detailsHtml]).toEqual([201, '<p>Rilis</p>']);
});
