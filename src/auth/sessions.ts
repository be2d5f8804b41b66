// Refresh tokens as one-time tokens in a family (one family = one login session). Presenting a token spends it
// and issues the next; presenting a spent one means it was stolen or replayed, so the whole family is revoked.
// Only SHA-256 hashes are stored.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';

export interface IssuedRefreshToken {
  sessionId: string;
  // The token's row: access tokens issued with it name it, and stop authenticating once it is spent.
  tokenId: string;
  refreshToken: string;
  expiresAt: Date;
}

export type RotationResult =
  | ({ ok: true; userId: number } & IssuedRefreshToken)
  | { ok: false; reason: 'unknown' | 'expired' | 'revoked' | 'reused' };

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

async function issue(
  db: Knex | Knex.Transaction,
  userId: number,
  sessionId: string,
  ttlSeconds: number,
): Promise<IssuedRefreshToken> {
  const refreshToken = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
  const tokenId = randomUUID();
  await db('refresh_tokens').insert({
    id: tokenId,
    family_id: sessionId,
    user_id: userId,
    token_hash: sha256(refreshToken),
    expires_at: expiresAt,
  });
  return { sessionId, tokenId, refreshToken, expiresAt };
}

export function startSession(knex: Knex, userId: number, ttlSeconds: number): Promise<IssuedRefreshToken> {
  return issue(knex, userId, randomUUID(), ttlSeconds);
}

export async function revokeSession(db: Knex | Knex.Transaction, sessionId: string, reason: string): Promise<void> {
  await db('session_revocations').insert({ family_id: sessionId, reason }).onConflict('family_id').ignore();
}

// Ends every session of a user (password changed or reset, account deactivated, role changed): their refresh tokens
// stop refreshing and their access tokens stop authenticating at once.
export async function revokeUserSessions(db: Knex | Knex.Transaction, userId: number, reason: string): Promise<void> {
  const families = await db('refresh_tokens').where({ user_id: userId }).distinct('family_id').pluck('family_id');
  if (!families.length) return;
  await db('session_revocations')
    .insert(families.map((family_id: string) => ({ family_id, reason })))
    .onConflict('family_id')
    .ignore();
}

// A session lives at most `maxAgeSeconds` from its login, however often it refreshes.
export async function rotateRefreshToken(
  knex: Knex,
  presented: string,
  ttlSeconds: number,
  maxAgeSeconds: number,
): Promise<RotationResult> {
  return knex.transaction(async (trx) => {
    const row = await trx('refresh_tokens')
      .where({ token_hash: sha256(presented) })
      .forUpdate()
      .first();
    if (!row) return { ok: false, reason: 'unknown' } as const;
    if (await trx('session_revocations').where({ family_id: row.family_id }).first())
      return { ok: false, reason: 'revoked' } as const;
    if (row.used_at) {
      await revokeSession(trx, row.family_id, 'refresh token reuse');
      return { ok: false, reason: 'reused' } as const;
    }
    if (new Date(row.expires_at).getTime() <= Date.now()) return { ok: false, reason: 'expired' } as const;
    const family = await trx('refresh_tokens').where({ family_id: row.family_id }).min('created_at as started').first();
    const secondsLeft = maxAgeSeconds - (Date.now() - new Date(family?.started as string).getTime()) / 1000;
    if (secondsLeft <= 0) return { ok: false, reason: 'expired' } as const;
    await trx('refresh_tokens').where({ id: row.id }).update({ used_at: trx.fn.now() });
    const next = await issue(trx, row.user_id, row.family_id, Math.min(ttlSeconds, secondsLeft));
    return { ok: true, userId: row.user_id as number, ...next };
  });
}
