// Leads, as far as the quotation slice needs them: create (atomic code) and read, scoped to the caller.
import Joi from 'joi';
import { Lead } from '../../db/models/lead';
import { leadCodeFromNumber } from '../../domain/lead-code';
import { requireAbility, requireRowAbility } from '../authorization';
import { idParams } from '../listing';
import { requireReference } from '../references';
import { requirePrincipal, type RouteSpec } from '../route';

const lead = Joi.object({ id: Joi.number().integer(), code: Joi.string(), companyName: Joi.string(), branchId: Joi.number().integer().allow(null), ownerUserId: Joi.number().integer() });
const view = (l: Lead) => ({ id: l.id, code: l.code, companyName: l.companyName, branchId: l.branchId, ownerUserId: l.ownerUserId });

export const leadRoutes: RouteSpec[] = [
  {
    method: 'post',
    path: '/api/leads',
    summary: 'Create a lead (the creator owns it)',
    tag: 'leads',
    status: 201,
    body: Joi.object({ companyName: Joi.string().trim().min(1).max(255).required(), branchId: Joi.number().integer().min(1).allow(null) }).required(),
    response: lead,
    async handler(ctx, { body }) {
      const principal = requirePrincipal(ctx);
      requireAbility(principal, 'create', 'Lead');
      const created = await ctx.deps.knex.transaction(async (trx) => {
        const branchId = body.branchId ?? principal.branchId;
        if (branchId) await requireReference(trx, 'branches', branchId, 'branchId');
        const { rows } = await trx.raw("select nextval('lead_code_seq')::int as n");
        return Lead.query(trx).insertAndFetch({
          code: leadCodeFromNumber(rows[0].n),
          companyName: body.companyName,
          branchId: branchId ?? null,
          ownerUserId: principal.userId,
        } as Partial<Lead>);
      });
      return view(created);
    },
  },
  {
    method: 'get',
    path: '/api/leads/:id',
    summary: 'One lead',
    tag: 'leads',
    params: idParams,
    response: lead,
    async handler(ctx, { params }) {
      const principal = requirePrincipal(ctx);
      const row = await Lead.query(ctx.deps.knex).findById(params.id).whereNull('deleted_at');
      return view(requireRowAbility(principal, 'read', 'Lead', row, `lead ${params.id}`));
    },
  },
];
