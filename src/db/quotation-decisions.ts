// The approval decisions of a quotation's current submission, as its documents cite them.
import type { Knex } from 'knex';

export interface CitedDecision {
  level: number;
  event: 'approved' | 'rejected';
  by: string | null;
  at: Date;
}

export async function currentDecisions(knex: Knex, quotationId: number, submission: number): Promise<CitedDecision[]> {
  return knex('quotation_approval_log as l')
    .leftJoin('users as u', 'u.id', 'l.user_id')
    .where({ 'l.quotation_id': quotationId, 'l.submission': submission })
    .whereIn('l.event', ['approved', 'rejected'])
    .orderBy('l.level')
    .select('l.level', 'l.event', 'u.full_name as by', 'l.at');
}

// Whether the current submission was refused: the quotation went back to draft by a decision, not by its author.
export async function lastDecisionRejected(knex: Knex, quotationId: number, submission: number): Promise<boolean> {
  return (await currentDecisions(knex, quotationId, submission)).some((d) => d.event === 'rejected');
}
