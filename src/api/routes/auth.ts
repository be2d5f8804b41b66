import { randomBytes } from 'node:crypto';
import Joi from 'joi';
import { releaseLoginAttempt, reserveLoginAttempt } from '../../auth/login-throttle';
import { hashPassword, verifyPassword } from '../../auth/passwords';
import { loadPrincipal } from '../../auth/principal';
import { revokeSession, rotateRefreshToken, startSession } from '../../auth/sessions';
import { tooManyRequests, unauthorized } from '../problem';
import { requirePrincipal, type RouteSpec } from '../route';
import { getAuthMe, issueTokens, postAuthPassword, userByLogin } from '../../services/auth';

const tokenPair = Joi.object({
  tokenType: Joi.string().valid('Bearer'),
  accessToken: Joi.string(),
  accessTokenExpiresAt: Joi.date(),
  refreshToken: Joi.string(),
  refreshTokenExpiresAt: Joi.date(),
});

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
      const attempt = await reserveLoginAttempt(knex, account, ctx.ip, limits);
      if (attempt === null) throw tooManyRequests('too many failed logins; try again later', config.loginWindowSeconds);
      const user = await userByLogin(knex, account);
      // An unknown user costs one hash verification too, so response time does not tell which accounts exist.
      const passwordOk = await verifyPassword(user?.password_hash ?? (await decoyHash()), body.password);
      const ok = user !== undefined && user.is_active && passwordOk;
      if (!ok) {
        ctx.state.log.warn({ account }, 'login failed');
        throw unauthorized(FAILED_LOGIN);
      }
      await releaseLoginAttempt(knex, attempt, account, ctx.ip);
      const session = await startSession(knex, user.id, config.refreshTokenTtlSeconds);
      return issueTokens(ctx.deps, user.id, session);
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
      const { refreshTokenTtlSeconds, sessionMaxAgeSeconds } = ctx.deps.config;
      const result = await rotateRefreshToken(
        ctx.deps.knex,
        body.refreshToken,
        refreshTokenTtlSeconds,
        sessionMaxAgeSeconds,
      );
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
      return issueTokens(ctx.deps, result.userId, result);
    },
  },
  {
    method: 'post',
    path: '/api/auth/logout',
    summary: 'Revoke the current session (its refresh and access tokens)',
    tag: 'auth',
    status: 204,
    async handler(ctx) {
      requirePrincipal(ctx);
      await revokeSession(ctx.deps.knex, ctx.state.sessionId!, 'logout');
      return undefined;
    },
  },
  {
    method: 'get',
    path: '/api/auth/me',
    summary: 'The caller: user, role, entities, effective permissions and the sidebar of menus they may view',
    tag: 'auth',
    handler: (ctx) => getAuthMe(ctx.deps, requirePrincipal(ctx)),
  },
  {
    method: 'post',
    path: '/api/auth/password',
    summary: 'Change your own password (the current one is required); all your sessions end, log in again',
    tag: 'auth',
    status: 204,
    body: Joi.object({
      currentPassword: Joi.string().min(1).max(200).required(),
      newPassword: Joi.string().min(10).max(200).required(),
    }).required(),
    handler: (ctx, input) => postAuthPassword(ctx.deps, requirePrincipal(ctx), input),
  },
];
