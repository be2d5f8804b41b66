// Customers (crm.md §2): leads that became customers (status 102, set when a contract is activated), and the
// RO / CRM officers responsible for a lead.
import Joi from 'joi';
import type { Knex } from 'knex';
import { CUSTOMER_STATUS, findLead, leadQuery, logSystemActivity, withServiceLines } from '../../db/leads';
import { applyReadScope } from '../../db/read-scope';
import { requireAbility, requireRowAbility } from '../../auth/guards';
import { containing, paginate } from '../../db/listing';
import { idParams, pageQuery } from '../listing';
import { forbidden, invalid, notFound, type FieldError } from '../problem';
import { recordAudit } from '../../db/audit';
import { requirePrincipal, type RouteSpec } from '../route';

const OFFICER_ROLES = {
  ro: ['ro', 'ro_supervisor', 'ro_manager'],
  crm: ['crm_officer', 'crm_supervisor', 'crm_manager'],
} as const;
const TEAM_SIZE = { ro: 3, crm: 2 } as const;
// Who may choose a lead's officers (NEW: the reference documented the operation without a permission).
const OFFICER_ASSIGNERS = ['superadmin', 'crm_manager', 'crm_supervisor'];
const id = Joi.number().integer().min(1);

const officerBody = (kind: 'ro' | 'crm') =>
  Joi.object({ userId: id.required(), teamUserIds: Joi.array().items(id).max(TEAM_SIZE[kind]).unique().default([]) });

async function officerErrors(
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

export const customerRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/customers',
    summary: 'Customers in your scope (leads with an activated contract)',
    tag: 'customers',
    query: Joi.object({
      ...pageQuery,
      pageSize: Joi.number().integer().min(1).max(100).default(15),
      q: Joi.string().trim().max(100),
      branchId: id,
    }),
    async handler(ctx, { query }) {
      const principal = requirePrincipal(ctx);
      requireAbility(principal, 'read', 'Lead');
      const q = applyReadScope(
        leadQuery(ctx.deps.knex).whereNull('l.deleted_at').where('l.status_id', CUSTOMER_STATUS),
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
      return { ...page, data: await withServiceLines(ctx.deps.knex, page.data) };
    },
  },
  {
    method: 'get',
    path: '/api/customers/:id',
    summary: 'A customer with its service lines, officers and five latest activities',
    tag: 'customers',
    params: idParams,
    async handler(ctx, { params }) {
      const principal = requirePrincipal(ctx);
      const lead = await findLead(ctx.deps.knex, params.id);
      if (lead && lead.statusId !== CUSTOMER_STATUS) throw notFound(`customer ${params.id}`);
      const customer = requireRowAbility(principal, 'read', 'Lead', lead, `customer ${params.id}`);
      const latestActivities = await ctx.deps
        .knex('customer_activities')
        .where({ lead_id: customer.id })
        .whereNull('deleted_at')
        .orderBy('activity_date', 'desc')
        .orderBy('id', 'desc')
        .limit(5)
        .select('id', 'number', 'activity_date as activityDate', 'type', 'notes');
      return { ...customer, latestActivities };
    },
  },
  {
    method: 'put',
    path: '/api/leads/:id/officers',
    summary: 'Choose a lead’s RO and/or CRM officer (with a small team each); logs "Pilih RO" / "Pilih CRM"',
    tag: 'customers',
    params: idParams,
    body: Joi.object({ ro: officerBody('ro'), crm: officerBody('crm'), note: Joi.string().trim().max(500).allow('') })
      .or('ro', 'crm')
      .required(),
    async handler(ctx, { params, body }) {
      const principal = requirePrincipal(ctx);
      const knex = ctx.deps.knex;
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
    },
  },
];
