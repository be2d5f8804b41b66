// Private file storage behind one interface: content addressed by a random key, never by the user's name. PostgreSQL
// by default (every API and worker process shares it), or a folder (FILE_STORE=disk, STORAGE_DIR) for one machine.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
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

export function createFileStore(kind: 'database' | 'disk', knex: Knex, dir: string): FileStore {
  return kind === 'disk' ? createDiskFileStore(dir) : createDatabaseFileStore(knex, dir);
}
