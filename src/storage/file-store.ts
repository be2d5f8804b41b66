// Private file storage on disk under STORAGE_DIR: content addressed by a random key, never by the user's name.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

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

export function createFileStore(dir: string): FileStore {
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
      return { key, sha256: createHash('sha256').update(content).digest('hex') };
    },
    read: (key) => fs.readFile(location(key)),
    remove: (key) => fs.rm(location(key), { force: true }),
  };
}
