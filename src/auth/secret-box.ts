// Encryption at rest for secrets we must be able to use again (users' SMTP passwords): AES-256-GCM, with the key
// derived from SECRETS_KEY or the generated app secret. Stored as base64(iv | tag | ciphertext).
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { loadAppSecret } from './app-secrets';

export type SecretKey = Buffer;

export async function loadSecretKey(knex: Knex, configured?: string): Promise<SecretKey> {
  // Hashing gives a 32-byte key whatever the configured secret's length.
  return createHash('sha256')
    .update(await loadAppSecret(knex, 'secrets', 32, configured))
    .digest();
}

export function seal(key: SecretKey, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64');
}

export function open(key: SecretKey, sealed: string): string {
  const raw = Buffer.from(sealed, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}
