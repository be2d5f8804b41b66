// Sign-in: finding the account and issuing an access token with a rotating refresh token for a session.
import type { Knex } from 'knex';
import type { ServiceDeps } from './deps';
import { signAccessToken } from '../auth/access-tokens';
import { type Principal } from '../auth/principal';
import { type IssuedRefreshToken } from '../auth/sessions';

export async function issueTokens(deps: ServiceDeps, userId: number, session: IssuedRefreshToken) {
  const access = await signAccessToken(
    deps.jwtKey,
    { userId, sessionId: session.sessionId },
    deps.config.accessTokenTtlSeconds,
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

// GET /api/auth/me
export async function getAuthMe(deps: ServiceDeps, principal: Principal) {
  const query = deps.knex('entities').where('is_active', true).select('id', 'code', 'name').orderBy('code');
  if (principal.entityIds.length) query.whereIn('id', principal.entityIds);
  return describePrincipal(principal, await query);
}

// The user whose e-mail or username is `account` (lower-cased), if any.
export function userByLogin(knex: Knex, account: string) {
  return knex('users').whereRaw('lower(email) = ? or lower(username) = ?', [account, account]).first();
}
