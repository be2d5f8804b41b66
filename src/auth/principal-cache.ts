// Principals built once and kept while nothing they are built from changes: each request then costs one query (is
// the session revoked, and what is the authorisation epoch) instead of seven. The epoch (migration
// authorization_epoch) moves on any change to users, roles, menus, permissions, entities or teams, in any process,
// so a deactivated user, a changed role or a withdrawn permission applies on the very next request.
import type { Knex } from 'knex';
import { loadPrincipal, type Principal } from './principal';

interface Entry {
  epoch: string;
  principal: Principal;
}

// Bounded: the oldest entries go first once it is full (a Map iterates in insertion order).
const MAX_ENTRIES = 10_000;

export type SessionCaller =
  { revoked: true; reason: 'session' | 'refreshed' } | { revoked: false; principal: Principal | null };

export interface PrincipalCache {
  // The caller of a session's access token (issued with refresh token `tokenId`): revoked (the session ended, or the
  // token was replaced by a refresh), or its principal (null when the user is inactive or gone).
  principalFor(sessionId: string, tokenId: string, userId: number): Promise<SessionCaller>;
}

export function createPrincipalCache(knex: Knex): PrincipalCache {
  const entries = new Map<number, Entry>();
  return {
    async principalFor(sessionId, tokenId, userId) {
      const {
        rows: [state],
      } = await knex.raw<{ rows: Array<{ revoked: boolean; current: boolean; epoch: string }> }>(
        `SELECT EXISTS (SELECT 1 FROM session_revocations WHERE family_id = ?) AS revoked,
                EXISTS (SELECT 1 FROM refresh_tokens WHERE id = ? AND family_id = ? AND used_at IS NULL) AS current,
                (SELECT value FROM authorization_epoch WHERE id = 1)::text AS epoch`,
        [sessionId, tokenId, sessionId],
      );
      if (state.revoked) return { revoked: true, reason: 'session' };
      if (!state.current) return { revoked: true, reason: 'refreshed' };
      const cached = entries.get(userId);
      if (cached?.epoch === state.epoch) return { revoked: false, principal: cached.principal };
      // Read after the epoch: a change in between leaves an older epoch beside a newer principal, which the next
      // request replaces; never the other way round.
      const principal = await loadPrincipal(knex, userId);
      entries.delete(userId);
      if (principal) {
        if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
        entries.set(userId, { epoch: state.epoch, principal });
      }
      return { revoked: false, principal };
    },
  };
}
