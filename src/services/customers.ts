// Customers (crm.md §2): leads that became customers (status 102, set when a contract is activated), and the
// RO / CRM officers responsible for a lead.
import type { Knex } from 'knex';
import { CUSTOMER_STATUS, findLead, leadQuery, logSystemActivity, withServiceLines } from '../db/leads';
import { applyReadScope } from '../db/read-scope';
import { requireAbility, requireRowAbility } from '../auth/guards';
import { containing, paginate } from '../db/listing';
import { forbidden, invalid, notFound, type FieldError } from '../errors';
import { recordAudit } from '../db/audit';
import type { ServiceDeps, ServiceInput } from './deps';
import type { Principal } from '../auth/principal';

// Who may choose a lead's officers (NEW: the reference documented the operation without a permission).
export const OFFICER_ASSIGNERS = ['superadmin', 'crm_manager', 'crm_supervisor'];

export const OFFICER_ROLES = {
  ro: ['ro', 'ro_supervisor', 'ro_manager'],
  crm: ['crm_officer', 'crm_supervisor', 'crm_manager'],
} as const;

export async function officerErrors(
  db: Knex,
  kind: 'ro' | 'crm',
  choice: { userId: number; teamUserIds: number[] },
): Promise<FieldError[]> {
  const ids = [choice.userId, ...choice.teamUserIds];
  const valid: number[] = await db('users as u')
    .join('roles as r', 'r.id', 'u.role_id')
    .whereIn('u.id', ids)
    .where('u.is_active', true)
    .whereIn('r.code', OFFICER_ROLES[kind])
    .pluck('u.id');
  const errors: FieldError[] = [];
  if (!valid.includes(choice.userId))
    errors.push({
      field: `${kind}.userId`,
      message: `user ${choice.userId} is not an active ${kind.toUpperCase()} officer`,
    });
  choice.teamUserIds.forEach((userId, index) => {
    if (!valid.includes(userId))
      errors.push({
        field: `${kind}.teamUserIds.${index}`,
        message: `user ${userId} is not an active ${kind.toUpperCase()} officer`,
      });
    if (userId === choice.userId)
      errors.push({ field: `${kind}.teamUserIds.${index}`, message: 'the primary officer is not also a team member' });
  });
  return errors;
}

// GET /api/customers
export async function getCustomers(deps: ServiceDeps, principal: Principal, { query }: ServiceInput) {
  requireAbility(principal, 'read', 'Lead');
  const q = applyReadScope(
    leadQuery(deps.knex).whereNull('l.deleted_at').where('l.status_id', CUSTOMER_STATUS),
    principal,
    'Lead',
    'l',
  );
  if (query.q)
    q.where((w) => w.whereILike('l.company_name', containing(query.q)).orWhereILike('l.code', containing(query.q)));
  if (query.branchId) q.where('l.branch_id', query.branchId);
  const page = await paginate<{ id: number; mainSalesUserId: number | null }>(
    q.orderBy('l.company_name'),
    query.page,
    query.pageSize,
  );
  return { ...page, data: await withServiceLines(deps.knex, page.data) };
}

// GET /api/customers/:id
export async function getCustomersById(deps: ServiceDeps, principal: Principal, { params }: ServiceInput) {
  const lead = await findLead(deps.knex, params.id);
  if (lead && lead.statusId !== CUSTOMER_STATUS) throw notFound(`customer ${params.id}`);
  const customer = requireRowAbility(principal, 'read', 'Lead', lead, `customer ${params.id}`);
  const latestActivities = await deps
    .knex('customer_activities')
    .where({ lead_id: customer.id })
    .whereNull('deleted_at')
    .orderBy('activity_date', 'desc')
    .orderBy('id', 'desc')
    .limit(5)
    .select('id', 'number', 'activity_date as activityDate', 'type', 'notes');
  return { ...customer, latestActivities };
}

// PUT /api/leads/:id/officers
export async function putLeadsOfficers(deps: ServiceDeps, principal: Principal, { params, body }: ServiceInput) {
  const knex = deps.knex;
  const lead = requireRowAbility(principal, 'update', 'Lead', await findLead(knex, params.id), `lead ${params.id}`);
  if (!OFFICER_ASSIGNERS.includes(principal.roleCode)) throw forbidden('your role may not choose RO/CRM officers');
  const kinds = (['ro', 'crm'] as const).filter((k) => body[k]);
  const errors = (await Promise.all(kinds.map((k) => officerErrors(knex, k, body[k])))).flat();
  if (errors.length) throw invalid(errors);
  return knex.transaction(async (trx) => {
    for (const kind of kinds) {
      const before = lead.officers.filter((o) => o.kind === kind);
      await trx('lead_officers').where({ lead_id: lead.id, kind }).delete();
      const rows = [body[kind].userId, ...body[kind].teamUserIds].map((userId: number, i: number) => ({
        lead_id: lead.id,
        kind,
        user_id: userId,
        is_primary: i === 0,
        assigned_by: principal.userId,
      }));
      await trx('lead_officers').insert(rows);
      await recordAudit(trx, 'lead_officers', `${lead.id}:${kind}`, 'update', principal.userId, before, rows);
      const names = await trx('users')
        .whereIn(
          'id',
          rows.map((r: { user_id: number }) => r.user_id),
        )
        .pluck('full_name');
      await logSystemActivity(
        trx,
        lead,
        kind === 'ro' ? 'Pilih RO' : 'Pilih CRM',
        [`${kind.toUpperCase()}: ${names.join(', ')}`, body.note].filter(Boolean).join('\n'),
        principal.userId,
      );
    }
    return findLead(trx, lead.id);
  });
}
