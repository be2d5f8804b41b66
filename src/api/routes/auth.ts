import { randomBytes } from 'node:crypto';
import Joi from 'joi';
import { signAccessToken } from '../../auth/access-tokens';
import { clearLoginFailures, isLoginThrottled, recordLoginFailure } from '../../auth/login-throttle';
import { hashPassword, verifyPassword } from '../../auth/passwords';
import { loadPrincipal, type Principal } from '../../auth/principal';
import { revokeSession, rotateRefreshToken, startSession, type IssuedRefreshToken } from '../../auth/sessions';
import type { ApiContext } from '../context';
import { tooManyRequests, unauthorized } from '../problem';
import { requirePrincipal, type RouteSpec } from '../route';

const tokenPair = Joi.object({
  tokenType: Joi.string().valid('Bearer'),
  accessToken: Joi.string(),
  accessTokenExpiresAt: Joi.date(),
  refreshToken: Joi.string(),
  refreshTokenExpiresAt: Joi.date(),
});

async function issueTokens(ctx: ApiContext, userId: number, session: IssuedRefreshToken) {
  const access = await signAccessToken(
    ctx.deps.jwtKey,
    { userId, sessionId: session.sessionId },
    ctx.deps.config.accessTokenTtlSeconds,
  );
  return {
    tokenType: 'Bearer',
    accessToken: access.token,
    accessTokenExpiresAt: access.expiresAt.toISOString(),
    refreshToken: session.refreshToken,
    refreshTokenExpiresAt: session.expiresAt.toISOString(),
  };
}

export function describePrincipal(p: Principal, entities: Array<{ id: number; code: string; name: string }>) {
  return {
    id: p.userId,
    email: p.email,
    username: p.username,
    fullName: p.fullName,
    branchId: p.branchId,
    role: { id: p.roleId, code: p.roleCode, name: p.roleName, scope: p.scope },
    entities,
    permissions: [...p.permissions.entries()]
      .filter(([, f]) => f.is_view)
      .map(([menu, f]) => ({ menu, view: f.is_view, add: f.is_add, edit: f.is_edit, delete: f.is_delete })),
    abilities: p.ability.rules,
  };
}

const FAILED_LOGIN = 'username or password wrong';

let decoy: Promise<string> | undefined;
const decoyHash = () => (decoy ??= hashPassword(randomBytes(16).toString('hex')));

export const authRoutes: RouteSpec[] = [
  {
    method: 'post',
    path: '/api/auth/login',
    summary: 'Log in with email or username and password',
    tag: 'auth',
    public: true,
    body: Joi.object({
      login: Joi.string().trim().max(150).required(),
      password: Joi.string().max(200).required(),
    }).required(),
    response: tokenPair,
    async handler(ctx, { body }) {
      const { knex, config } = ctx.deps;
      const account = body.login.toLowerCase();
      const limits = {
        maxPerAccount: config.loginMaxFailuresPerAccount,
        maxPerIp: config.loginMaxFailuresPerIp,
        windowSeconds: config.loginWindowSeconds,
      };
      if (await isLoginThrottled(knex, account, ctx.ip, limits)) {
        throw tooManyRequests('too many failed logins; try again later', config.loginWindowSeconds);
      }
      const user = await knex('users').whereRaw('lower(email) = ? or lower(username) = ?', [account, account]).first();
      // An unknown user costs one hash verification too, so response time does not tell which accounts exist.
      const passwordOk = await verifyPassword(user?.password_hash ?? (await decoyHash()), body.password);
      const ok = user !== undefined && user.is_active && passwordOk;
      if (!ok) {
        await recordLoginFailure(knex, account, ctx.ip);
        ctx.state.log.warn({ account }, 'login failed');
        throw unauthorized(FAILED_LOGIN);
      }
      await clearLoginFailures(knex, account);
      const session = await startSession(knex, user.id, config.refreshTokenTtlSeconds);
      return issueTokens(ctx, user.id, session);
    },
  },
  {
    method: 'post',
    path: '/api/auth/refresh',
    summary: 'Exchange a refresh token for a new token pair (the old refresh token is spent)',
    tag: 'auth',
    public: true,
    body: Joi.object({ refreshToken: Joi.string().max(200).required() }).required(),
    response: tokenPair,
    async handler(ctx, { body }) {
      const result = await rotateRefreshToken(ctx.deps.knex, body.refreshToken, ctx.deps.config.refreshTokenTtlSeconds);
      if (!result.ok) {
        if (result.reason === 'reused') ctx.state.log.warn('refresh token reuse: session revoked');
        const messages = {
          unknown: 'unknown refresh token',
          expired: 'refresh token expired; log in again',
          revoked: 'session revoked; log in again',
          reused: 'refresh token already used; the session has been revoked',
        };
        throw unauthorized(messages[result.reason]);
      }
      const principal = await loadPrincipal(ctx.deps.knex, result.userId);
      if (!principal) throw unauthorized('user is inactive or no longer exists');
      return issueTokens(ctx, result.userId, result);
    },
  },
  {
    method: 'post',
    path: '/api/auth/logout',
    summary: 'Revoke the current session (its refresh and access tokens)',
    tag: 'auth',
    async handler(ctx) {
      requirePrincipal(ctx);
      await revokeSession(ctx.deps.knex, ctx.state.sessionId!, 'logout');
      return undefined;
    },
  },
  {
    method: 'get',
    path: '/api/auth/me',
    summary: 'The caller: user, role, entities and effective permissions',
    tag: 'auth',
    async handler(ctx) {
      const principal = requirePrincipal(ctx);
      const query = ctx.deps.knex('entities').where('is_active', true).select('id', 'code', 'name').orderBy('code');
      if (principal.entityIds.length) query.whereIn('id', principal.entityIds);
      return describePrincipal(principal, await query);
    },
  },
];
