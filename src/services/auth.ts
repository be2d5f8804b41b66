// Sign-in: finding the account and issuing an access token with a rotating refresh token for a session.
import type { Knex } from 'knex';
import { sidebarTree } from '../domain/menu-permissions';
import type { ServiceDeps, ServiceInput } from './deps';
import { signAccessToken } from '../auth/access-tokens';
import { hashPassword, verifyPassword } from '../auth/passwords';
import { type Principal } from '../auth/principal';
import { revokeUserSessions, type IssuedRefreshToken } from '../auth/sessions';
import { recordAudit } from '../db/audit';
import { invalid } from '../errors';

export async function issueTokens(deps: ServiceDeps, userId: number, session: IssuedRefreshToken) {
  const access = await signAccessToken(
    deps.jwtKey,
    { userId, sessionId: session.sessionId, tokenId: session.tokenId },
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
  const menus = await deps
    .knex('menus')
    .whereNull('deleted_at')
    .select('id', 'code', 'name', 'parent_id as parentId', 'url', 'icon', 'sort_order as sortOrder');
  return { ...describePrincipal(principal, await query), sidebar: sidebarTree(menus, principal.permissions) };
}

// The user whose e-mail or username is `account` (lower-cased), if any.
export function userByLogin(knex: Knex, account: string) {
  return knex('users').whereRaw('lower(email) = ? or lower(username) = ?', [account, account]).first();
}

// POST /api/auth/password: a user changes their own password, proving the current one; every session of the user
// ends (this one too), so a stolen session does not outlive the change.
export async function postAuthPassword(deps: ServiceDeps, principal: Principal, { body }: ServiceInput) {
  await deps.knex.transaction(async (trx) => {
    const user = await trx('users').where({ id: principal.userId }).forUpdate().first();
    if (!(await verifyPassword(user.password_hash, body.currentPassword)))
      throw invalid([{ field: 'currentPassword', message: 'currentPassword is not your current password' }]);
    await trx('users')
      .where({ id: principal.userId })
      .update({ password_hash: await hashPassword(body.newPassword), updated_at: new Date() });
    await recordAudit(trx, 'users', principal.userId, 'update', principal.userId, null, { passwordChanged: true });
    await revokeUserSessions(trx, principal.userId, 'password changed');
  });
  return undefined;
}
