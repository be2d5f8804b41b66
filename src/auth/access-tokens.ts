// Short-lived access tokens: HS256 JWTs naming the user, the session (refresh-token family) they belong to and the
// refresh token issued with them (the session's generation), so revoking the session revokes its access tokens, and
// spending that refresh token (a refresh) revokes the access token issued beside it.
import { errors, jwtVerify, SignJWT } from 'jose';

export interface AccessClaims {
  userId: number;
  sessionId: string;
  // The refresh token issued together with this access token.
  tokenId: string;
}

export class AccessTokenError extends Error {}

export async function signAccessToken(
  key: Uint8Array,
  claims: AccessClaims,
  ttlSeconds: number,
  now = new Date(),
): Promise<{ token: string; expiresAt: Date }> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  const expiresAt = new Date((issuedAt + ttlSeconds) * 1000);
  const token = await new SignJWT({ sid: claims.sessionId, gen: claims.tokenId })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(String(claims.userId))
    .setIssuedAt(issuedAt)
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .setIssuer('cais')
    .sign(key);
  return { token, expiresAt };
}

export async function verifyAccessToken(key: Uint8Array, token: string): Promise<AccessClaims> {
  try {
    const { payload } = await jwtVerify(token, key, { issuer: 'cais', algorithms: ['HS256'] });
    const userId = Number(payload.sub);
    if (!Number.isInteger(userId) || typeof payload.sid !== 'string' || typeof payload.gen !== 'string')
      throw new AccessTokenError('malformed access token');
    return { userId, sessionId: payload.sid, tokenId: payload.gen };
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw new AccessTokenError('access token expired, use the refresh token');
    if (error instanceof AccessTokenError) throw error;
    throw new AccessTokenError('invalid access token');
  }
}
