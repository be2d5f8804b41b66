import { randomBytes } from 'node:crypto';
import { open, seal } from '../../src/auth/secret-box';

it('round-trips a secret and refuses a tampered or foreign one', () => {
  const key = randomBytes(32);
  const sealed = seal(key, 'p@ssw0rd smtp');
  expect(sealed).not.toContain('p@ssw0rd');
  expect(open(key, sealed)).toBe('p@ssw0rd smtp');
  expect(seal(key, 'same')).not.toBe(seal(key, 'same'));
  const tampered = Buffer.from(sealed, 'base64');
  tampered[tampered.length - 1] ^= 1;
  expect(() => open(key, tampered.toString('base64'))).toThrow();
  expect(() => open(randomBytes(32), sealed)).toThrow();
});
