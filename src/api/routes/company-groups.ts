// Company groups (crm.md §3): related companies (leads) under one name; a lead is in at most one group (NEW:
// enforced by a unique index, also on bulk assignment). Read with the leads menu, changed with its edit flag.
import Joi from 'joi';
import { requireAbility } from '../../auth/guards';
import { containing, paginate } from '../../db/listing';
import { idParams, pageQuery } from '../listing';
import { invalid, notFound } from '../problem';
import { recordAudit } from '../../db/audit';
import { requirePrincipal, type RouteSpec } from '../route';
import { addMembers, group, groups, members, ungrouped, uniqueName } from '../../services/company-groups';
import { counted } from '../../services/company-groups';

const id = Joi.number().integer().min(1);
const groupName = Joi.string().trim().min(3).max(100);
const keyword = Joi.string().trim().min(2).max(100);

const reader = (ctx: Parameters<RouteSpec['handler']>[0]) => {
  const principal = requirePrincipal(ctx);
  requireAbility(principal, 'read', 'Lead');
  return principal;
};
const writer = (ctx: Parameters<RouteSpec['handler']>[0]) => {
  const principal = requirePrincipal(ctx);
  requireAbility(principal, 'update', 'Lead');
  return principal;
};

export const companyGroupRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/company-groups',
    summary: 'Company groups with their company counts',
    tag: 'company groups',
    query: Joi.object({ ...pageQuery, q: Joi.string().trim().max(100) }),
    async handler(ctx, { query }) {
      reader(ctx);
      const q = groups(ctx.deps.knex).orderBy('g.name');
      if (query.q) q.whereILike('g.name', containing(query.q));
      const page = await paginate<{ companyCount: string }>(q, query.page, query.pageSize);
      return { ...page, data: page.data.map(counted) };
    },
  },
  {
    method: 'get',
    path: '/api/company-groups/statistics',
    summary: 'Groups, companies in and out of groups, the largest group and the five newest',
    tag: 'company groups',
    async handler(ctx) {
      reader(ctx);
      const knex = ctx.deps.knex;
      const [{ n: total }] = await knex('company_groups').count({ n: '*' });
      const [{ n: grouped }] = await knex('company_group_members').count({ n: '*' });
      const [{ n: live }] = await knex('leads').whereNull('deleted_at').count({ n: '*' });
      const [{ n: groupedLive }] = await knex('company_group_members as m')
        .join('leads as l', 'l.id', 'm.lead_id')
        .whereNull('l.deleted_at')
        .count({ n: '*' });
      const largest = await groups(knex).orderBy('companyCount', 'desc').orderBy('g.id').first();
      const recent = await groups(knex).orderBy('g.created_at', 'desc').orderBy('g.id', 'desc').limit(5);
      return {
        groups: Number(total),
        companiesInGroups: Number(grouped),
        companiesWithoutGroup: Number(live) - Number(groupedLive),
        largestGroup: largest ? counted(largest) : null,
        recentGroups: recent.map(counted),
      };
    },
  },
  {
    method: 'get',
    path: '/api/company-groups/recommendations',
    summary: 'Companies in no group whose name matches a keyword',
    tag: 'company groups',
    query: Joi.object({ keyword: keyword.required() }),
    async handler(ctx, { query }) {
      reader(ctx);
      return { data: await ungrouped(ctx.deps.knex).whereILike('l.company_name', containing(query.keyword)) };
    },
  },
  {
    method: 'get',
    path: '/api/company-groups/:id',
    summary: 'A group with its companies, sorted by name',
    tag: 'company groups',
    params: idParams,
    async handler(ctx, { params }) {
      reader(ctx);
      return { ...(await group(ctx.deps.knex, params.id)), companies: await members(ctx.deps.knex, params.id) };
    },
  },
  {
    method: 'get',
    path: '/api/company-groups/:id/available-companies',
    summary: 'Companies in no group, by name or city keyword',
    tag: 'company groups',
    params: idParams,
    query: Joi.object({ keyword: keyword.required() }),
    async handler(ctx, { params, query }) {
      reader(ctx);
      await group(ctx.deps.knex, params.id);
      return {
        data: await ungrouped(ctx.deps.knex).where((w) =>
          w.whereILike('l.company_name', containing(query.keyword)).orWhereILike('c.name', containing(query.keyword)),
        ),
      };
    },
  },
  {
    method: 'post',
    path: '/api/company-groups',
    summary: 'Create a group, optionally with companies (reports those already grouped or unknown)',
    tag: 'company groups',
    status: 201,
    body: Joi.object({
      name: groupName.required(),
      leadIds: Joi.array().items(id).max(500).unique().default([]),
    }).required(),
    async handler(ctx, { body }) {
      const principal = writer(ctx);
      try {
        return await ctx.deps.knex.transaction(async (trx) => {
          const [{ id: groupId }] = await trx('company_groups')
            .insert({ name: body.name, created_by: principal.userId, updated_by: principal.userId })
            .returning('id');
          await recordAudit(trx, 'company_groups', groupId, 'create', principal.userId, null, { name: body.name });
          const report = await addMembers(trx, principal, groupId, body.leadIds);
          return { group: await group(trx, groupId), ...report };
        });
      } catch (error) {
        uniqueName(error);
      }
    },
  },
  {
    method: 'patch',
    path: '/api/company-groups/:id',
    summary: 'Rename a group',
    tag: 'company groups',
    params: idParams,
    body: Joi.object({ name: groupName.required() }).required(),
    async handler(ctx, { params, body }) {
      const principal = writer(ctx);
      try {
        return await ctx.deps.knex.transaction(async (trx) => {
          const before = await group(trx, params.id);
          await trx('company_groups')
            .where({ id: params.id })
            .update({ name: body.name, updated_by: principal.userId, updated_at: trx.fn.now() });
          await recordAudit(trx, 'company_groups', params.id, 'update', principal.userId, before, { name: body.name });
          return group(trx, params.id);
        });
      } catch (error) {
        uniqueName(error);
      }
    },
  },
  {
    method: 'delete',
    path: '/api/company-groups/:id',
    summary: 'Delete a group (its companies become ungrouped)',
    tag: 'company groups',
    params: idParams,
    async handler(ctx, { params }) {
      const principal = writer(ctx);
      await ctx.deps.knex.transaction(async (trx) => {
        const before = await group(trx, params.id);
        await trx('company_groups').where({ id: params.id }).delete();
        await recordAudit(trx, 'company_groups', params.id, 'delete', principal.userId, before, null);
      });
      return undefined;
    },
  },
  {
    method: 'post',
    path: '/api/company-groups/bulk-assign',
    summary: 'Add companies to several groups; companies already in a group are reported, not moved',
    tag: 'company groups',
    body: Joi.object({
      assignments: Joi.array()
        .items(
          Joi.object({ groupId: id.required(), leadIds: Joi.array().items(id).min(1).max(500).unique().required() }),
        )
        .min(1)
        .max(50)
        .required(),
    }).required(),
    async handler(ctx, { body }) {
      const principal = writer(ctx);
      return ctx.deps.knex.transaction(async (trx) => {
        const results = [];
        for (const [index, a] of (body.assignments as Array<{ groupId: number; leadIds: number[] }>).entries()) {
          if (!(await trx('company_groups').where({ id: a.groupId }).first()))
            throw invalid([{ field: `assignments.${index}.groupId`, message: `group ${a.groupId} does not exist` }]);
          results.push({ groupId: a.groupId, ...(await addMembers(trx, principal, a.groupId, a.leadIds)) });
        }
        return { results };
      });
    },
  },
  {
    method: 'post',
    path: '/api/company-groups/bulk-remove',
    summary: 'Take companies out of whatever group they are in',
    tag: 'company groups',
    body: Joi.object({ leadIds: Joi.array().items(id).min(1).max(500).unique().required() }).required(),
    async handler(ctx, { body }) {
      const principal = writer(ctx);
      return ctx.deps.knex.transaction(async (trx) => {
        const removed: number[] = await trx('company_group_members')
          .whereIn('lead_id', body.leadIds)
          .delete()
          .returning('lead_id')
          .then((rows) => rows.map((r: { lead_id: number }) => r.lead_id));
        for (const leadId of removed)
          await recordAudit(trx, 'company_group_members', leadId, 'delete', principal.userId, null, null);
        return { removed, notGrouped: (body.leadIds as number[]).filter((l) => !removed.includes(l)) };
      });
    },
  },
  {
    method: 'delete',
    path: '/api/company-groups/:id/companies/:leadId',
    summary: 'Take one company out of a group',
    tag: 'company groups',
    params: Joi.object({ id: id.required(), leadId: id.required() }),
    async handler(ctx, { params }) {
      const principal = writer(ctx);
      await ctx.deps.knex.transaction(async (trx) => {
        const removed = await trx('company_group_members')
          .where({ group_id: params.id, lead_id: params.leadId })
          .delete();
        if (!removed) throw notFound(`company ${params.leadId} in group ${params.id}`);
        await recordAudit(
          trx,
          'company_group_members',
          params.leadId,
          'delete',
          principal.userId,
          { groupId: params.id },
          null,
        );
      });
      return undefined;
    },
  },
];
