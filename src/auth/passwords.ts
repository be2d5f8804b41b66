import { hash, verify } from '@node-rs/argon2';

// Argon2id with the library's defaults (OWASP-recommended parameters).
export const hashPassword = (password: string): Promise<string> => hash(password);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false; // a malformed stored hash never authenticates
  }
}
