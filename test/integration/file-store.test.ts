// The file stores behind one interface: PostgreSQL (the default, shared by every process), an S3-compatible bucket
// (against s3rver, a real S3 API on a local port), and a folder. Each keeps bytes exactly and forgets on remove.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  createDatabaseFileStore,
  createDiskFileStore,
  createS3FileStore,
  type FileStore,
} from '../../src/storage/file-store';
import { freePort } from '../../src/db/embedded-postgres';
import { createTestDatabase, type TestDatabase } from '../support/database';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- s3rver ships no types
const S3rver = require('s3rver') as new (options: object) => { run(): Promise<unknown>; close(): Promise<void> };

let db: TestDatabase;
let s3: { close(): Promise<void> };
let s3Port: number;
const folders: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  s3Port = await freePort();
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'cais-s3-'));
  folders.push(directory);
  const server = new S3rver({
    port: s3Port,
    address: '127.0.0.1',
    silent: true,
    directory,
    configureBuckets: [{ name: 'cais-files' }],
  });
  await server.run();
  s3 = server;
});

afterAll(async () => {
  await s3?.close();
  await db?.drop();
  for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
});

const stores: Array<[string, () => FileStore]> = [
  ['database', () => createDatabaseFileStore(db.knex)],
  [
    's3',
    () =>
      createS3FileStore({
        endpoint: `http://127.0.0.1:${s3Port}`,
        bucket: 'cais-files',
        region: 'us-east-1',
        accessKeyId: 'S3RVER',
        secretAccessKey: 'S3RVER',
      }),
  ],
  [
    'disk',
    () => {
      const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'cais-files-'));
      folders.push(folder);
      return createDiskFileStore(folder);
    },
  ],
];

describe.each(stores)('the %s store', (_name, make) => {
  it('keeps bytes exactly, answers their digest, and forgets on remove', async () => {
    const store = make();
    const content = Buffer.from([0, 1, 2, 255, ...Buffer.from('%PDF-1.4 isi dokumen')]);
    const { key, sha256 } = await store.save(content);
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    expect(sha256).toBe(createHash('sha256').update(content).digest('hex'));
    expect(Buffer.compare(await store.read(key), content)).toBe(0);
    await store.remove(key);
    await expect(store.read(key)).rejects.toThrow();
  });
});

it('the database store still reads a file kept on disk before it', async () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'cais-legacy-'));
  folders.push(folder);
  const { key } = await createDiskFileStore(folder).save(Buffer.from('lama'));
  expect((await createDatabaseFileStore(db.knex, folder).read(key)).toString()).toBe('lama');
});
