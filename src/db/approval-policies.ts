// Approval policies as stored: the one in force at a moment, and every policy with its levels.
import type { Knex } from 'knex';
import type { ApprovalLevelDef } from '../domain/quotation/approval';

export type PolicySubject = 'quotation' | 'pks';

export interface ApprovalPolicy {
  id: number;
  subject: PolicySubject;
  effectiveFrom: string;
  note: string | null;
  createdBy: number | null;
  createdAt: string;
  levels: ApprovalLevelDef[];
}

const levelDef = (row: Record<string, any>): ApprovalLevelDef => ({
  level: row.level,
  name: row.name,
  roleCode: row.role_code,
  rule: row.rule,
  escalationHours: row.escalation_hours,
  escalationRoleCode: row.escalation_role_code,
});

async function withLevels(db: Knex | Knex.Transaction, rows: Array<Record<string, any>>): Promise<ApprovalPolicy[]> {
  const levels = await db('approval_policy_levels')
    .whereIn(
      'policy_id',
      rows.map((r) => r.id),
    )
    .orderBy('level');
  return rows.map((r) => ({
    id: r.id,
    subject: r.subject,
    effectiveFrom: r.effective_from.toISOString(),
    note: r.note,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    levels: levels.filter((l) => l.policy_id === r.id).map(levelDef),
  }));
}

// The policy in force now for quotations or PKS sign-off (the latest whose effective moment has come).
export async function policyInForce(
  db: Knex | Knex.Transaction,
  subject: PolicySubject = 'quotation',
): Promise<ApprovalPolicy | undefined> {
  const row = await db('approval_policies')
    .where({ subject })
    .where('effective_from', '<=', db.fn.now())
    .orderBy('effective_from', 'desc')
    .first();
  return row ? (await withLevels(db, [row]))[0] : undefined;
}

export async function allPolicies(db: Knex | Knex.Transaction, subject?: PolicySubject): Promise<ApprovalPolicy[]> {
  const query = db('approval_policies').orderBy('effective_from', 'desc').orderBy('id', 'desc');
  const rows = await (subject ? query.where({ subject }) : query);
  return withLevels(db, rows);
}
