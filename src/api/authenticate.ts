// Bearer authentication: a valid, unexpired access token of a live session and an active user.
import { AccessTokenError, verifyAccessToken } from '../auth/access-tokens';
import type { ApiContext } from './context';
import { unauthorized } from './problem';

export async function authenticate(ctx: ApiContext): Promise<void> {
  const header = ctx.get('Authorization');
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw unauthorized('missing bearer token');
  let claims;
  try {
    claims = await verifyAccessToken(ctx.deps.jwtKey, match[1]);
  } catch (error) {
    if (error instanceof AccessTokenError) {
      ctx.state.log.warn({ reason: error.message }, 'access token rejected');
      throw unauthorized(error.message);
    }
    throw error;
  }
  const caller = await ctx.deps.principals.principalFor(claims.sessionId, claims.tokenId, claims.userId);
  if (caller.revoked)
    throw unauthorized(
      caller.reason === 'refreshed'
        ? 'access token replaced by a refresh; use the newest one'
        : 'session revoked; log in again',
    );
  if (!caller.principal) throw unauthorized('user is inactive or no longer exists');
  ctx.state.principal = caller.principal;
  ctx.state.sessionId = claims.sessionId;
}
