import { AccessTokenError, signAccessToken, verifyAccessToken } from '../../src/auth/access-tokens';

const key = new TextEncoder().encode('unit-test-key-that-is-long-enough-for-hs256');
const claims = {
  userId: 42,
  sessionId: '3b241101-e2bb-4255-8caf-4136c566a962',
  tokenId: '9f0c8a52-6a3e-4c1b-8d7e-2f4b5a6c7d8e',
};

describe('access tokens', () => {
  it('round-trip the user and session', async () => {
    const { token, expiresAt } = await signAccessToken(key, claims, 900, new Date());
    expect(await verifyAccessToken(key, token)).toEqual(claims);
    expect(expiresAt.getTime()).toBeGreaterThan(Date.now() + 890_000);
  });

  it('expire', async () => {
    const { token } = await signAccessToken(key, claims, 60, new Date(Date.now() - 120_000));
    await expect(verifyAccessToken(key, token)).rejects.toThrow(
      new AccessTokenError('access token expired, use the refresh token'),
    );
  });

  it('reject another key and tampering', async () => {
    const { token } = await signAccessToken(key, claims, 60);
    await expect(verifyAccessToken(new TextEncoder().encode('x'.repeat(40)), token)).rejects.toThrow(
      'invalid access token',
    );
    const [header, , signature] = token.split('.');
    const forgedPayload = Buffer.from(
      JSON.stringify({ sub: '1', sid: claims.sessionId, iss: 'cais', exp: 9999999999 }),
    ).toString('base64url');
    await expect(verifyAccessToken(key, `${header}.${forgedPayload}.${signature}`)).rejects.toThrow(
      'invalid access token',
    );
  });
});
