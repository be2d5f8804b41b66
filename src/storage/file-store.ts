// Private file storage behind one interface: content addressed by a random key, never by the user's name. PostgreSQL
// by default (every API and worker process shares it), an S3-compatible bucket (FILE_STORE=s3), or a folder
// (FILE_STORE=disk, STORAGE_DIR) for one machine.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { AwsClient } from 'aws4fetch';
import type { Knex } from 'knex';

// A file as received from a client: what it says it is, and its bytes.
export interface UploadedFile {
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

export interface FileStore {
  save(content: Buffer): Promise<{ key: string; sha256: string }>;
  read(key: string): Promise<Buffer>;
  remove(key: string): Promise<void>;
}

export function createDiskFileStore(dir: string): FileStore {
  // Keys are generated here (uuid); checking the shape keeps a stored key from ever naming another path.
  const location = (key: string) => {
    if (!/^[0-9a-f-]{36}$/.test(key)) throw new Error(`invalid storage key ${key}`);
    return path.join(dir, key.slice(0, 2), key);
  };
  return {
    async save(content) {
      const key = randomUUID();
      await fs.mkdir(path.dirname(location(key)), { recursive: true });
      await fs.writeFile(location(key), content, { mode: 0o600 });
      return { key, sha256: digest(content) };
    },
    read: (key) => fs.readFile(location(key)),
    remove: (key) => fs.rm(location(key), { force: true }),
  };
}

const digest = (content: Buffer) => createHash('sha256').update(content).digest('hex');

// Files in the `file_blobs` table. A key not there is looked for in `legacyDir`, where files lived before.
export function createDatabaseFileStore(knex: Knex, legacyDir?: string): FileStore {
  const legacy = legacyDir ? createDiskFileStore(legacyDir) : undefined;
  return {
    async save(content) {
      const key = randomUUID();
      await knex('file_blobs').insert({ key, content });
      return { key, sha256: digest(content) };
    },
    async read(key) {
      const row = await knex('file_blobs').where({ key }).first('content');
      if (row) return row.content as Buffer;
      if (legacy) return legacy.read(key);
      throw new Error(`no stored file ${key}`);
    },
    async remove(key) {
      await knex('file_blobs').where({ key }).delete();
      await legacy?.remove(key);
    },
  };
}

export interface S3Settings {
  endpoint: string; // e.g. http://minio:9000 (path-style addressing, as S3-compatible servers accept)
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

// Files as objects in an S3-compatible bucket (signed requests, SigV4). The bucket must exist.
export function createS3FileStore(settings: S3Settings): FileStore {
  const aws = new AwsClient({
    accessKeyId: settings.accessKeyId,
    secretAccessKey: settings.secretAccessKey,
    region: settings.region,
    service: 's3',
  });
  const url = (key: string) => `${settings.endpoint.replace(/\/$/, '')}/${settings.bucket}/${key}`;
  const send = async (key: string, init: RequestInit, ok: (status: number) => boolean) => {
    const response = await aws.fetch(url(key), init);
    if (!ok(response.status)) throw new Error(`S3 ${init.method} ${key}: ${response.status} ${await response.text()}`);
    return response;
  };
  return {
    async save(content) {
      const key = randomUUID();
      await send(key, { method: 'PUT', body: new Uint8Array(content) }, (status) => status === 200);
      return { key, sha256: digest(content) };
    },
    async read(key) {
      const response = await send(key, { method: 'GET' }, (status) => status === 200);
      return Buffer.from(await response.arrayBuffer());
    },
    async remove(key) {
      await send(key, { method: 'DELETE' }, (status) => status === 204 || status === 200 || status === 404);
    },
  };
}

export function createFileStore(kind: 'database' | 'disk' | 's3', knex: Knex, dir: string, s3?: S3Settings): FileStore {
  if (kind === 's3') {
    if (!s3) throw new Error('FILE_STORE=s3 needs S3_ENDPOINT, S3_BUCKET, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY');
    return createS3FileStore(s3);
  }
  return kind === 'disk' ? createDiskFileStore(dir) : createDatabaseFileStore(knex, dir);
}
