// Quotation approval policies (issue 16): who approves what, changed without a deploy. A policy takes effect at its
// moment (now or later) and applies to quotations submitted from then on; one already in force is history and stays.
import { allPolicies, policyInForce } from '../db/approval-policies';
import { recordAudit } from '../db/audit';
import { isUniqueViolation } from '../db/references';
import { requireAbility } from '../auth/guards';
import type { Principal } from '../auth/principal';
import { conflict, invalid, notFound, type FieldError } from '../errors';
import { jakartaDate } from '../domain/jakarta-time';
import type { ServiceDeps, ServiceInput } from './deps';

// GET /api/admin/approval-policies
export async function getAdminApprovalPolicies(deps: ServiceDeps, principal: Principal, { query }: ServiceInput) {
  requireAbility(principal, 'read', 'Role');
  const [policies, ...current] = await Promise.all([
    allPolicies(deps.knex, query.subject),
    policyInForce(deps.knex, 'quotation'),
    policyInForce(deps.knex, 'pks'),
  ]);
  return { data: policies.map((p) => ({ ...p, inForce: current.some((c) => c?.id === p.id) })) };
}

// GET /api/admin/approval-policies/current
export async function getAdminApprovalPoliciesCurrent(
  deps: ServiceDeps,
  principal: Principal,
  { query }: ServiceInput,
) {
  requireAbility(principal, 'read', 'Role');
  const current = await policyInForce(deps.knex, query.subject);
  if (!current) throw notFound('an approval policy in force');
  return current;
}

// POST /api/admin/approval-policies
export async function postAdminApprovalPolicies(deps: ServiceDeps, principal: Principal, { body }: ServiceInput) {
  requireAbility(principal, 'update', 'Role');
  // From the start of a later day in Jakarta, or now: a policy never reaches back over quotations already submitted.
  const effectiveFrom = body.effectiveOn ? new Date(`${body.effectiveOn}T00:00:00+07:00`) : new Date();
  const errors: FieldError[] = [];
  if (body.effectiveOn && body.effectiveOn <= jakartaDate(new Date()))
    errors.push({
      field: 'effectiveOn',
      message: 'a policy takes effect from a later day (or now, without effectiveOn)',
    });
  const levels = body.levels.map((l: { level: number }) => l.level);
  levels.forEach((level: number, i: number) => {
    if (levels.indexOf(level) !== i)
      errors.push({ field: `levels.${i}.level`, message: `level ${level} is given twice` });
  });
  const roles = new Set<string>(await deps.knex('roles').where({ is_active: true }).pluck('code'));
  body.levels.forEach((level: { roleCode: string; escalationRoleCode?: string | null }, i: number) => {
    if (!roles.has(level.roleCode))
      errors.push({ field: `levels.${i}.roleCode`, message: `no active role ${level.roleCode}` });
    if (level.escalationRoleCode && !roles.has(level.escalationRoleCode))
      errors.push({ field: `levels.${i}.escalationRoleCode`, message: `no active role ${level.escalationRoleCode}` });
  });
  if (errors.length) throw invalid(errors);
  const id = await deps.knex.transaction(async (trx) => {
    const [row] = await trx('approval_policies')
      .insert({
        subject: body.subject,
        effective_from: effectiveFrom,
        note: body.note ?? null,
        created_by: principal.userId,
      })
      .returning('id')
      .catch((error) => {
        if (isUniqueViolation(error))
          throw conflict(`a ${body.subject} policy already takes effect at that moment`, [
            { field: 'effectiveOn', message: 'another policy takes effect that day' },
          ]);
        throw error;
      });
    await trx('approval_policy_levels').insert(
      body.levels.map((l: Record<string, any>) => ({
        policy_id: row.id,
        level: l.level,
        name: l.name,
        role_code: l.roleCode,
        rule: JSON.stringify(l.rule),
        escalation_hours: l.escalationHours,
        escalation_role_code: l.escalationRoleCode ?? null,
      })),
    );
    await recordAudit(trx, 'approval_policies', row.id, 'create', principal.userId, null, {
      subject: body.subject,
      effectiveFrom: effectiveFrom.toISOString(),
      note: body.note ?? null,
      levels: body.levels,
    });
    return row.id as number;
  });
  return (await allPolicies(deps.knex)).find((p) => p.id === id)!;
}

// DELETE /api/admin/approval-policies/:id: withdraws a policy that has not taken effect yet.
export async function deleteAdminApprovalPolicies(deps: ServiceDeps, principal: Principal, { params }: ServiceInput) {
  requireAbility(principal, 'update', 'Role');
  await deps.knex.transaction(async (trx) => {
    const row = await trx('approval_policies').where({ id: params.id }).forUpdate().first();
    if (!row) throw notFound(`approval policy ${params.id}`);
    if (row.effective_from.getTime() <= Date.now())
      throw conflict('this policy is already in force or past: it stays as the record of who approved what');
    await trx('approval_policies').where({ id: row.id }).delete();
    await recordAudit(
      trx,
      'approval_policies',
      row.id,
      'delete',
      principal.userId,
      { effectiveFrom: row.effective_from },
      null,
    );
  });
}
