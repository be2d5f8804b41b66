// PKS, the partnership agreement (domain/contracts.md §5–§8): made from signed SPKs' sites, one run per PKS;
// sign-off, checklist, the signed copy and activation are workflow Updates; lists and views read the projection.
import { subject as asSubject } from '@casl/ability';
import { WorkflowIdConflictPolicy } from '@temporalio/common';
import Joi from 'joi';
import type { Knex } from 'knex';
import type { Principal } from '../../auth/principal';
import { nextSequence } from '../../db/document-sequences';
import { findLead, logSystemActivity } from '../../db/leads';
import { agreementData, serviceLineOf } from '../../db/pks-agreement';
import { quotationSites } from '../../db/quotation-sites';
import { clauseDiff } from '../../domain/clause-diff';
import { jakartaYearMonth } from '../../domain/jakarta-time';
import {
  addendumChainKey,
  agreementClauses,
  chainedNumber,
  contractSiteNumber,
  formatPksNumber,
  missingChecklistItems,
  PKS_STATUSES,
  PKS_TYPES,
  pksSequenceKey,
  projectName,
  renewalChainKey,
  type PksType,
} from '../../domain/pks';
import { pksRecord } from '../../../activities/pks';
import {
  activatePksUpdate,
  checklistPksUpdate,
  clausePksUpdate,
  decidePksUpdate,
  pksWorkflowId,
  submitPksUpdate,
  terminatePksUpdate,
  uploadSignedPksUpdate,
  type PksRecord,
} from '../../../workflows/pks-contract';
import type { pksWorkflow } from '../../../workflows/pks';
import {
  ContractNumber,
  CustomerName,
  EntityId,
  LifecycleStatus,
  SalesUserId,
} from '../../../workflows/search-attributes';
import { applyReadScope } from '../../db/read-scope';
import { requireAbility, requireRowAbility } from '../../auth/guards';
import type { ApiContext } from '../context';
import { requireDocuments, serveDocument } from '../documents';
import { idempotent } from '../idempotency';
import { containing, paginate } from '../../db/listing';
import { idParams, pageQuery } from '../listing';
import { conflict, invalid, notFound, type FieldError } from '../problem';
import { callTemporal } from '../temporal-errors';
import { sendUpdate } from '../workflow-commands';
import { requirePrincipal, type RouteSpec } from '../route';
import { calendarDate } from '../schemas';
import { storeUpload, uploadProblem, UPLOAD_RULES } from './files';
import { idempotencyHeader } from './quotations';

const id = Joi.number().integer().min(1);
const text = (max: number) => Joi.string().trim().max(max);

export async function loadPks(ctx: ApiContext, principal: Principal, pksId: number, action: 'read' | 'update') {
  const row = await ctx.deps.knex('pks').where({ id: pksId }).first();
  return requireRowAbility(principal, action, 'Pks', row ? pksRecord(row) : undefined, `PKS ${pksId}`);
}

function pksCommand<T>(
  ctx: ApiContext,
  pks: PksRecord,
  operation: string,
  body: unknown,
  send: (handle: ReturnType<ApiContext['deps']['temporal']['workflow']['getHandle']>, updateId?: string) => Promise<T>,
) {
  return sendUpdate(ctx, `PKS ${pks.id}`, `${operation}:${pks.id}`, body, (key) =>
    send(ctx.deps.temporal.workflow.getHandle(pksWorkflowId(pks.id)), key),
  );
}

// Live sites of a lead's signed SPKs that are in no contract yet.
function availableSites(knex: Knex, leadId: number) {
  return knex('spk_sites as x')
    .join('spks as s', 's.id', 'x.spk_id')
    .where({ 's.lead_id': leadId, 's.status': 'signed' })
    .whereNull('x.removed_at')
    .whereNotExists((q) => q.from('pks_sites as p').whereRaw('p.spk_site_id = x.id'))
    .orderBy('x.id')
    .select(
      'x.id as spkSiteId',
      's.id as spkId',
      's.number as spkNumber',
      'x.quotation_id as quotationId',
      'x.quotation_number as quotationNumber',
      'x.name',
      'x.city_code as cityCode',
      'x.placement',
      'x.headcount',
      's.entity_id as entityId',
    );
}

const checklistBody = Joi.object({
  npwp: text(50).allow(''),
  npwpAddress: text(255).allow(''),
  invoicePic: text(100).allow(null, ''),
  invoicePicPhone: text(30).allow(null, ''),
  invoicePicEmail: Joi.string()
    .trim()
    .email({ tlds: { allow: false } })
    .allow(null, ''),
  stampDuty: text(50).allow(''),
  reliever: text(50).allow(''),
  invoiceRequirements: text(255).allow(''),
  billingAddress: text(255).allow(''),
  unionStatus: text(50).allow(''),
  hasUnion: Joi.string().valid('Ada', 'Tidak Ada').allow(null),
  siteNotes: text(2000).allow(null, ''),
  pics: Joi.array()
    .items(
      Joi.object({
        name: text(100).min(1).required(),
        titleId: id.allow(null),
        phone: text(20).allow(null, ''),
        email: Joi.string()
          .trim()
          .email({ tlds: { allow: false } })
          .allow(null, ''),
      }),
    )
    .max(20),
}).required();

const createBody = Joi.object({
  type: Joi.string()
    .valid(...PKS_TYPES)
    .default('baru'),
  leadId: id.when('type', { is: 'baru', then: Joi.required(), otherwise: Joi.forbidden() }),
  spkSiteIds: Joi.array()
    .items(id)
    .min(1)
    .max(200)
    .unique()
    .when('type', { is: 'baru', then: Joi.required(), otherwise: Joi.forbidden() }),
  primaryQuotationId: id.when('type', { is: 'baru', otherwise: Joi.forbidden() }),
  parentPksId: id.when('type', { is: 'baru', then: Joi.forbidden(), otherwise: Joi.required() }),
  quotationId: id.when('type', { is: 'baru', then: Joi.forbidden(), otherwise: Joi.required() }),
  // Renewal: the sites of its quotation it covers; addendum: sites it adds to the contract (none for a price change).
  siteKeys: Joi.array()
    .items(Joi.string().trim().min(1).max(40))
    .max(200)
    .unique()
    .when('type', {
      switch: [
        { is: 'rekontrak', then: Joi.array().min(1).required() },
        { is: 'addendum', then: Joi.optional() },
      ],
      otherwise: Joi.forbidden(),
    }),
  effectiveDate: calendarDate.when('type', { is: 'addendum', then: Joi.required(), otherwise: Joi.forbidden() }),
  pksDate: calendarDate.required(),
  contractStart: calendarDate.when('type', { is: 'addendum', then: Joi.forbidden(), otherwise: Joi.required() }),
  contractEnd: calendarDate.when('type', { is: 'addendum', then: Joi.forbidden(), otherwise: Joi.required() }),
  salaryRuleId: id.when('type', { is: 'baru', then: Joi.required() }),
  thrRuleId: id.when('type', { is: 'baru', then: Joi.required() }),
  hcCategoryId: id.allow(null),
  loyaltyLevelId: id.allow(null),
}).required();

interface ContractSite {
  spkSiteId: number | null;
  quotationId: number;
  siteKey: string | null;
  name: string;
  cityCode: string;
  placement: string | null;
  headcount: number;
}

// What a new PKS is made from, checked: the lead, the parent contract (renewal/addendum), its sites and terms.
interface PksSource {
  type: PksType;
  lead: NonNullable<Awaited<ReturnType<typeof findLead>>>;
  parent: Record<string, any> | null;
  primaryQuotationId: number;
  sites: ContractSite[];
  spkIds: number[];
  quotationIds: number[]; // quotations this PKS converts directly (renewal/addendum)
  contractStart: string;
  contractEnd: string;
  effectiveDate: string | null;
  salaryRuleId: number;
  thrRuleId: number;
}

async function newContractSource(
  knex: Knex,
  principal: Principal,
  body: Record<string, any>,
  errors: FieldError[],
): Promise<PksSource> {
  const lead = await findLead(knex, body.leadId);
  if (!lead || !principal.ability.can('read', asSubject('Lead', { ...lead })))
    throw invalid([{ field: 'leadId', message: `lead ${body.leadId} does not exist` }]);
  const available = await availableSites(knex, lead.id);
  const chosen = (body.spkSiteIds as number[]).map((siteId, i) => {
    const site = available.find((a: { spkSiteId: number }) => a.spkSiteId === siteId);
    if (!site)
      errors.push({
        field: `spkSiteIds.${i}`,
        message: `SPK site ${siteId} is not a site of a signed SPK of this lead without a contract`,
      });
    return site;
  });
  if (errors.length) throw invalid(errors);
  const quotationIds = [...new Set(chosen.map((s) => s.quotationId as number))];
  const primary = body.primaryQuotationId ?? (quotationIds.length === 1 ? quotationIds[0] : undefined);
  if (!primary || !quotationIds.includes(primary))
    throw invalid([
      {
        field: 'primaryQuotationId',
        message: `the sites come from quotations ${quotationIds.join(', ')}: name the primary one among them`,
      },
    ]);
  return {
    type: 'baru',
    lead,
    parent: null,
    primaryQuotationId: primary,
    spkIds: [...new Set(chosen.map((s) => s.spkId as number))],
    quotationIds: [],
    sites: chosen.map((s) => ({
      spkSiteId: s.spkSiteId,
      quotationId: s.quotationId,
      siteKey: null,
      name: s.name,
      cityCode: s.cityCode,
      placement: s.placement,
      headcount: s.headcount,
    })),
    contractStart: body.contractStart,
    contractEnd: body.contractEnd,
    effectiveDate: null,
    salaryRuleId: body.salaryRuleId,
    thrRuleId: body.thrRuleId,
  };
}

// A renewal or addendum (contracts.md §8, §9): of an active contract in the caller's scope, priced by an approved
// quotation of the same type for the same lead, covering sites of that quotation that are in no contract yet (once
// a first contract converted it, the quotation still offers its other sites, as for SPKs).
async function chainedSource(
  knex: Knex,
  principal: Principal,
  body: Record<string, any>,
  errors: FieldError[],
): Promise<PksSource> {
  const parent = await applyReadScope(knex('pks as p'), principal, 'Pks', 'p')
    .where('p.id', body.parentPksId)
    .first('p.*');
  if (!parent || parent.type === 'addendum')
    throw invalid([{ field: 'parentPksId', message: `PKS ${body.parentPksId} does not exist or is an addendum` }]);
  if (parent.status !== 'active')
    throw conflict(`PKS ${parent.number} is ${parent.status}; only an active contract is renewed or amended`, [
      { field: 'parentPksId', message: `PKS is ${parent.status}` },
    ]);
  const quotation = await knex('quotations').where({ id: body.quotationId }).first();
  if (
    !quotation ||
    quotation.type !== body.type ||
    quotation.lead_id !== parent.lead_id ||
    !['approved', 'converted'].includes(quotation.status)
  ) {
    throw invalid([
      {
        field: 'quotationId',
        message: `quotation ${body.quotationId} is not an approved ${body.type} quotation of this customer`,
      },
    ]);
  }
  const lead = (await findLead(knex, parent.lead_id))!;
  const offered = await quotationSites(knex, quotation.id);
  const taken: string[] = await knex('pks_sites').where({ quotation_id: quotation.id }).pluck('site_key');
  const sites = ((body.siteKeys ?? []) as string[]).map((key, i) => {
    const site = offered.find((o) => o.siteKey === key);
    if (!site || taken.includes(key))
      errors.push({
        field: `siteKeys.${i}`,
        message: `site ${key} is not a site of quotation ${quotation.number} without a contract`,
      });
    return {
      spkSiteId: null,
      quotationId: quotation.id,
      siteKey: key,
      name: site?.name ?? '',
      cityCode: site?.cityCode ?? '',
      placement: site?.address ?? null,
      headcount: site?.headcount ?? 0,
    };
  });
  let contractStart: string = body.contractStart;
  let contractEnd: string = body.contractEnd;
  if (body.type === 'rekontrak' && contractStart <= parent.contract_start)
    errors.push({
      field: 'contractStart',
      message: `a renewal starts after the contract it renews (${parent.contract_start})`,
    });
  if (body.type === 'addendum') {
    if (body.effectiveDate < parent.contract_start || body.effectiveDate > parent.contract_end) {
      errors.push({
        field: 'effectiveDate',
        message: `must fall within the contract period ${parent.contract_start} – ${parent.contract_end}`,
      });
    }
    [contractStart, contractEnd] = [body.effectiveDate, parent.contract_end];
  }
  return {
    type: body.type,
    lead,
    parent,
    primaryQuotationId: quotation.id,
    sites,
    spkIds: [],
    quotationIds: [quotation.id],
    contractStart,
    contractEnd,
    effectiveDate: body.type === 'addendum' ? body.effectiveDate : null,
    salaryRuleId: body.salaryRuleId ?? parent.salary_rule_id,
    thrRuleId: body.thrRuleId ?? parent.thr_rule_id,
  };
}

// PKS/ORG/… for a first contract; a renewal or addendum takes the next number in its parent's chain.
async function contractNumber(
  trx: Knex.Transaction,
  source: PksSource,
  entityCode: string,
  leadCode: string,
  pksDate: string,
): Promise<string> {
  if (!source.parent) {
    const { year, month } = jakartaYearMonth(new Date(`${pksDate}T05:00:00Z`));
    const prefix = pksSequenceKey(entityCode, leadCode, year, month);
    return formatPksNumber(prefix, await nextSequence(trx, prefix));
  }
  const [key, letter] =
    source.type === 'rekontrak'
      ? [renewalChainKey(source.parent.number), 'K' as const]
      : [addendumChainKey(source.parent.number), 'A' as const];
  return chainedNumber(key, letter, await nextSequence(trx, key));
}

const clauseParams = Joi.object({ id: id.required(), position: Joi.number().integer().min(0).required() });
// Clauses are plain text: the template lays them out, and no markup reaches the document.
const clauseFields = {
  title: Joi.string()
    .trim()
    .min(1)
    .max(255)
    .pattern(/^[^<>]*$/, 'plain text')
    .required(),
  text: Joi.string()
    .trim()
    .min(1)
    .max(20000)
    .pattern(/^[^<>]*$/, 'plain text')
    .required(),
};

async function clauseOf(knex: Knex, pksId: number, position: number): Promise<{ title: string; text: string }> {
  const clause = await knex('pks_clauses').where({ pks_id: pksId, position }).first('title', 'text');
  if (!clause) throw notFound(`clause ${position} of PKS ${pksId}`);
  return clause;
}

async function requireUniqueTitle(knex: Knex, pksId: number, title: string, exceptPosition?: number): Promise<void> {
  const q = knex('pks_clauses').where({ pks_id: pksId }).whereRaw('lower(title) = lower(?)', [title]);
  if (exceptPosition !== undefined) q.whereNot({ position: exceptPosition });
  if (await q.first())
    throw conflict(`the PKS already has a clause titled "${title}"`, [
      { field: 'title', message: 'already used by another clause' },
    ]);
}

export const pksRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/pks/available-sites',
    summary: 'Sites of a lead’s signed SPKs that are in no contract yet',
    tag: 'pks',
    query: Joi.object({ leadId: id.required() }),
    async handler(ctx, { query }) {
      const principal = requirePrincipal(ctx);
      requireRowAbility(principal, 'read', 'Lead', await findLead(ctx.deps.knex, query.leadId), `lead ${query.leadId}`);
      return { data: await availableSites(ctx.deps.knex, query.leadId) };
    },
  },
  {
    method: 'post',
    path: '/api/pks',
    summary:
      'Make a PKS: baru from signed SPK sites of one lead, or a rekontrak / addendum of an active contract from its approved quotation; starts its workflow',
    tag: 'pks',
    status: 201,
    headers: idempotencyHeader,
    body: createBody,
    async handler(ctx, { body }) {
      const principal = requirePrincipal(ctx);
      requireAbility(principal, 'create', 'Pks');
      const { knex, temporal, config } = ctx.deps;
      const errors: FieldError[] = [];
      const source =
        body.type === 'baru'
          ? await newContractSource(knex, principal, body, errors)
          : await chainedSource(knex, principal, body, errors);
      if (source.contractEnd <= source.contractStart)
        errors.push({ field: 'contractEnd', message: 'contractEnd must be after contractStart' });
      if (!(await knex('salary_rules').where({ id: source.salaryRuleId }).whereNull('deleted_at').first()))
        errors.push({ field: 'salaryRuleId', message: `salaryRuleId ${source.salaryRuleId} does not exist` });
      if (!(await knex('thr_rules').where({ id: source.thrRuleId }).first()))
        errors.push({ field: 'thrRuleId', message: `thrRuleId ${source.thrRuleId} does not exist` });
      if (errors.length) throw invalid(errors);
      const { lead } = source;
      const response = await idempotent(ctx, 'pks.create', body, async (trx) => {
        const quotation = await trx('quotations').where({ id: source.primaryQuotationId }).first();
        if (!quotation.calculation?.priced) throw conflict(`quotation ${quotation.number} has no price`);
        const entity = await trx('entities').where({ id: quotation.entity_id }).first();
        const number = await contractNumber(trx, source, entity.code, lead.code, body.pksDate);
        const coss = quotation.calculation.result.coss;
        const commercial = {
          totalBeforeFee: coss.totalBeforeFee,
          managementFee: coss.managementFee,
          grandTotal: coss.grandTotal,
          dpp: coss.dpp,
          ppn: coss.ppn,
          pph23: coss.pph23,
          totalInvoice: coss.totalInvoice,
          roundedInvoice: coss.roundedInvoice,
          basicWages: coss.basicWages,
          totalBpjsTk: coss.totalBpjsTk,
          totalBpjsKes: coss.totalBpjsKes,
        };
        const [row] = await trx('pks')
          .insert({
            number,
            type: source.type,
            parent_pks_id: source.parent?.id ?? null,
            effective_date: source.effectiveDate,
            lead_id: lead.id,
            entity_id: entity.id,
            primary_quotation_id: quotation.id,
            pks_date: body.pksDate,
            contract_start: source.contractStart,
            contract_end: source.contractEnd,
            salary_rule_id: source.salaryRuleId,
            thr_rule_id: source.thrRuleId,
            hc_category_id: body.hcCategoryId ?? null,
            loyalty_level_id: body.loyaltyLevelId ?? null,
            customer_name: lead.companyName,
            sales_user_id: lead.mainSalesUserId,
            branch_id: lead.branchId,
            commercial: JSON.stringify(commercial),
            created_by: principal.userId,
            updated_by: principal.userId,
          })
          .returning('*');
        const service = (await serviceLineOf(trx, quotation.id)) ?? '-';
        for (const [i, site] of source.sites.entries()) {
          await trx('pks_sites').insert({
            pks_id: row.id,
            spk_site_id: site.spkSiteId,
            quotation_id: site.spkSiteId ? null : site.quotationId,
            site_key: site.spkSiteId ? null : site.siteKey,
            number: contractSiteNumber(number, i),
            project_name: projectName(source.contractStart, source.contractEnd, service, lead.companyName),
            name: site.name,
            city_code: site.cityCode,
            placement: site.placement,
            headcount: site.headcount,
          });
        }
        const clauses = agreementClauses(await agreementData(trx, row.id));
        await trx('pks_clauses').insert(clauses.map((c, position) => ({ pks_id: row.id, position, ...c })));
        await logSystemActivity(
          trx,
          lead,
          'PKS',
          `PKS ${number} created${source.parent ? ` (${source.type} of ${source.parent.number})` : ''}`,
          principal.userId,
        );
        const record = pksRecord(row);
        // Started inside the transaction: if Temporal refuses, nothing was recorded.
        await callTemporal('PKS', config.updateTimeoutMs, temporal.withDeadline.bind(temporal), () =>
          temporal.workflow.start<typeof pksWorkflow>('pksWorkflow', {
            taskQueue: config.taskQueue,
            workflowId: pksWorkflowId(record.id),
            workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
            args: [
              {
                pksId: record.id,
                number,
                spkIds: source.spkIds,
                contractEnd: source.contractEnd,
                reminderDaysBefore: source.type === 'addendum' ? [] : config.renewalReminderDays,
                type: source.type,
                parentPksId: source.parent?.id,
                quotationIds: source.quotationIds,
              },
            ],
            typedSearchAttributes: [
              { key: ContractNumber, value: number },
              { key: CustomerName, value: record.customerName },
              { key: SalesUserId, value: String(record.salesUserId ?? '') },
              { key: LifecycleStatus, value: record.status },
              { key: EntityId, value: String(record.entityId) },
            ],
            staticSummary: `PKS ${number} (${source.type}) for ${record.customerName}, ${source.contractStart} – ${source.contractEnd}`,
          }),
        );
        return { status: 201, body: record };
      });
      ctx.set('Location', `/api/pks/${(response.body as PksRecord).id}`);
      return response.body;
    },
  },
  {
    method: 'get',
    path: '/api/pks',
    summary: 'Contracts in your scope, with their remaining term',
    tag: 'pks',
    query: Joi.object({
      ...pageQuery,
      pageSize: Joi.number().integer().min(1).max(100).default(15),
      q: Joi.string().trim().max(100),
      status: Joi.string().valid(...PKS_STATUSES),
      type: Joi.string().valid(...PKS_TYPES),
      branchId: id,
    }),
    async handler(ctx, { query }) {
      const principal = requirePrincipal(ctx);
      requireAbility(principal, 'read', 'Pks');
      const knex = ctx.deps.knex;
      const q = applyReadScope(
        knex('pks as p').select(
          'p.id',
          'p.number',
          'p.type',
          'p.parent_pks_id as parentPksId',
          'p.customer_name as customerName',
          'p.status',
          'p.pks_date as pksDate',
          'p.contract_start as contractStart',
          'p.contract_end as contractEnd',
          knex.raw(`(p.contract_end - (now() AT TIME ZONE 'Asia/Jakarta')::date) as "daysLeft"`),
        ),
        principal,
        'Pks',
        'p',
      );
      if (query.q)
        q.where((w) =>
          w.whereILike('p.customer_name', containing(query.q)).orWhereILike('p.number', containing(query.q)),
        );
      if (query.status) q.where('p.status', query.status);
      if (query.type) q.where('p.type', query.type);
      if (query.branchId) q.where('p.branch_id', query.branchId);
      return paginate(q.orderBy('p.pks_date', 'desc').orderBy('p.id', 'desc'), query.page, query.pageSize);
    },
  },
  {
    method: 'get',
    path: '/api/pks/dashboard',
    summary:
      'Contracts at a glance: active (ending later / within 3 months), ended, awaiting signed upload or activation; the soonest-ending list',
    tag: 'pks',
    query: Joi.object({
      branchId: id,
      page: Joi.number().integer().min(1).default(1),
      pageSize: Joi.number().integer().min(1).max(50).default(20),
    }),
    async handler(ctx, { query }) {
      const principal = requirePrincipal(ctx);
      requireAbility(principal, 'read', 'Pks');
      const knex = ctx.deps.knex;
      const today = knex.raw("(now() AT TIME ZONE 'Asia/Jakarta')::date");
      // Contracts, not their addenda (an addendum is part of the contract it amends).
      const scoped = () => {
        const q = applyReadScope(knex('pks as p'), principal, 'Pks', 'p').whereNot('p.type', 'addendum');
        if (query.branchId) q.where('p.branch_id', query.branchId);
        return q;
      };
      const [counts] = await scoped().select(
        knex.raw(
          `count(*) FILTER (WHERE p.status = 'active' AND p.contract_end > (?::date + interval '3 months'))::int as "activeLater"`,
          [today],
        ),
        knex.raw(
          `count(*) FILTER (WHERE p.status = 'active' AND p.contract_end >= ? AND p.contract_end <= (?::date + interval '3 months'))::int as "endingWithin3Months"`,
          [today, today],
        ),
        knex.raw(
          `count(*) FILTER (WHERE p.status IN ('expired', 'terminated', 'superseded') OR (p.status = 'active' AND p.contract_end < ?))::int as "ended"`,
          [today],
        ),
        knex.raw(`count(*) FILTER (WHERE p.status = 'awaiting_signed')::int as "awaitingSignedUpload"`),
        knex.raw(`count(*) FILTER (WHERE p.status = 'awaiting_activation')::int as "awaitingActivation"`),
        knex.raw('count(*)::int as total'),
      );
      const expiring = scoped()
        .where('p.status', 'active')
        .where('p.contract_end', '>=', today)
        .select(
          'p.id',
          'p.number',
          'p.customer_name as customerName',
          'p.branch_id as branchId',
          'p.contract_start as contractStart',
          'p.contract_end as contractEnd',
          knex.raw('(p.contract_end - ?)::int as "daysLeft"', [today]),
          knex.raw(`CASE WHEN p.contract_end - ? <= 90 THEN 'Akan Habis' ELSE 'Berjalan' END as label`, [today]),
        )
        .orderBy('p.contract_end')
        .orderBy('p.id');
      return { summary: counts, expiring: await paginate(expiring, query.page, query.pageSize) };
    },
  },
  {
    method: 'get',
    path: '/api/pks/:id',
    summary: 'A contract with its sites, clauses, checklist (and what is missing), approvals and signed copies',
    tag: 'pks',
    params: idParams,
    async handler(ctx, { params }) {
      const pks = await loadPks(ctx, requirePrincipal(ctx), params.id, 'read');
      const knex = ctx.deps.knex;
      const row = await knex('pks').where({ id: pks.id }).first('checklist', 'commercial');
      return {
        ...pks,
        commercial: row.commercial,
        checklist: row.checklist,
        missingChecklist: missingChecklistItems(row.checklist),
        // Its own sites and those its activated addenda added (contracts.md §9 NEW: the parent keeps its number).
        sites: await knex('pks_sites as s')
          .join('pks as o', 'o.id', 's.pks_id')
          .where((w) =>
            w
              .where('s.pks_id', pks.id)
              .orWhere((a) =>
                a.where({ 'o.parent_pks_id': pks.id, 'o.type': 'addendum' }).whereNotNull('o.activated_at'),
              ),
          )
          .orderBy('s.id')
          .select(
            's.id',
            's.spk_site_id as spkSiteId',
            's.quotation_id as quotationId',
            's.site_key as siteKey',
            's.number',
            's.project_name as projectName',
            's.name',
            's.city_code as cityCode',
            's.placement',
            's.headcount',
            knex.raw('CASE WHEN s.pks_id = ? THEN NULL ELSE o.number END as "addedByAddendum"', [pks.id]),
          ),
        clauses: await knex('pks_clauses')
          .where({ pks_id: pks.id })
          .orderBy('position')
          .select('position', 'section', 'title', 'text'),
        chain: await knex('pks')
          .where({ parent_pks_id: pks.id })
          .orderBy('id')
          .select(
            'id',
            'number',
            'type',
            'status',
            'contract_start as contractStart',
            'effective_date as effectiveDate',
          ),
        amendments: await knex('pks_amendments as a')
          .join('pks as d', 'd.id', 'a.addendum_pks_id')
          .where('a.parent_pks_id', pks.id)
          .orderBy('a.effective_month')
          .select(
            'd.number as addendumNumber',
            'a.effective_month as effectiveMonth',
            'a.monthly_amount as monthlyAmount',
          ),
        approvals: await knex('pks_approval_log')
          .where({ pks_id: pks.id })
          .orderBy('id')
          .select('level', 'event', 'user_id as userId', 'note', 'at'),
        signedFiles: await knex('pks_signed_files as s')
          .join('stored_files as f', 'f.id', 's.file_id')
          .where('s.pks_id', pks.id)
          .orderBy('s.uploaded_at', 'desc')
          .select('f.id', 'f.original_name as originalName', 'f.sha256', 's.uploaded_at as uploadedAt'),
      };
    },
  },
  {
    method: 'post',
    path: '/api/pks/:id/terminate',
    summary: 'End an active contract early (Manager CRM): it earns nothing after the month of the effective date',
    tag: 'pks',
    params: idParams,
    headers: idempotencyHeader,
    body: Joi.object({
      effectiveDate: calendarDate.required(),
      reason: Joi.string().trim().min(1).max(500).required(),
    }).required(),
    async handler(ctx, { params, body }) {
      const principal = requirePrincipal(ctx);
      const pks = await loadPks(ctx, principal, params.id, 'read');
      if (body.effectiveDate < pks.contractStart || body.effectiveDate > pks.contractEnd) {
        throw invalid([
          {
            field: 'effectiveDate',
            message: `must fall within the contract period ${pks.contractStart} – ${pks.contractEnd}`,
          },
        ]);
      }
      return pksCommand(ctx, pks, 'pks.terminate', body, (h, updateId) =>
        h.executeUpdate(terminatePksUpdate, {
          args: [
            {
              userId: principal.userId,
              roleCode: principal.roleCode,
              effectiveDate: body.effectiveDate,
              reason: body.reason,
            },
          ],
          updateId,
        }),
      );
    },
  },
  {
    method: 'get',
    path: '/api/pks/:id/clauses',
    summary: 'The agreement’s clauses, in order, with when each was last changed',
    tag: 'pks',
    params: idParams,
    async handler(ctx, { params }) {
      const pks = await loadPks(ctx, requirePrincipal(ctx), params.id, 'read');
      return {
        data: await ctx.deps
          .knex('pks_clauses')
          .where({ pks_id: pks.id })
          .orderBy('position')
          .select('position', 'section', 'title', 'text', 'updated_at as updatedAt', 'updated_by as updatedBy'),
      };
    },
  },
  {
    method: 'post',
    path: '/api/pks/:id/clauses',
    summary: 'Add a clause to a draft PKS (titles are unique within the PKS)',
    tag: 'pks',
    status: 201,
    params: idParams,
    headers: idempotencyHeader,
    body: Joi.object({ section: Joi.string().trim().min(1).max(30).required(), ...clauseFields }).required(),
    async handler(ctx, { params, body }) {
      const principal = requirePrincipal(ctx);
      const pks = await loadPks(ctx, principal, params.id, 'update');
      await requireUniqueTitle(ctx.deps.knex, pks.id, body.title);
      return pksCommand(ctx, pks, 'pks.clause.add', body, (h, updateId) =>
        h.executeUpdate(clausePksUpdate, {
          args: [{ userId: principal.userId, change: { action: 'add', ...body } }],
          updateId,
        }),
      );
    },
  },
  {
    method: 'put',
    path: '/api/pks/:id/clauses/:position',
    summary:
      'Change a clause of a draft PKS; the previous text is kept in its history (an unchanged clause is left alone)',
    tag: 'pks',
    params: clauseParams,
    headers: idempotencyHeader,
    body: Joi.object(clauseFields).required(),
    async handler(ctx, { params, body }) {
      const principal = requirePrincipal(ctx);
      const pks = await loadPks(ctx, principal, params.id, 'update');
      await clauseOf(ctx.deps.knex, pks.id, params.position);
      await requireUniqueTitle(ctx.deps.knex, pks.id, body.title, params.position);
      return pksCommand(ctx, pks, `pks.clause.edit.${params.position}`, body, (h, updateId) =>
        h.executeUpdate(clausePksUpdate, {
          args: [{ userId: principal.userId, change: { action: 'edit', position: params.position, ...body } }],
          updateId,
        }),
      );
    },
  },
  {
    method: 'delete',
    path: '/api/pks/:id/clauses/:position',
    summary: 'Remove a clause from a draft PKS (kept in its history)',
    tag: 'pks',
    params: clauseParams,
    headers: idempotencyHeader,
    async handler(ctx, { params }) {
      const principal = requirePrincipal(ctx);
      const pks = await loadPks(ctx, principal, params.id, 'update');
      await clauseOf(ctx.deps.knex, pks.id, params.position);
      return pksCommand(ctx, pks, `pks.clause.delete.${params.position}`, {}, (h, updateId) =>
        h.executeUpdate(clausePksUpdate, {
          args: [{ userId: principal.userId, change: { action: 'delete', position: params.position } }],
          updateId,
        }),
      );
    },
  },
  {
    method: 'get',
    path: '/api/pks/:id/clauses/:position/history',
    summary: 'Earlier texts of a clause, newest first',
    tag: 'pks',
    params: clauseParams,
    async handler(ctx, { params }) {
      const pks = await loadPks(ctx, requirePrincipal(ctx), params.id, 'read');
      return {
        data: await ctx.deps
          .knex('pks_clause_history as h')
          .leftJoin('users as u', 'u.id', 'h.changed_by')
          .where({ 'h.pks_id': pks.id, 'h.position': params.position })
          .orderBy('h.id', 'desc')
          .select(
            'h.id',
            'h.change',
            'h.title',
            'h.text',
            'h.changed_by as changedBy',
            'u.full_name as changedByName',
            'h.changed_at as changedAt',
          ),
      };
    },
  },
  {
    method: 'get',
    path: '/api/pks/:id/clauses/:position/compare',
    summary:
      'What changed in a clause: a unified line diff from an earlier text (default the latest) to the current one',
    tag: 'pks',
    params: clauseParams,
    query: Joi.object({ historyId: id }),
    async handler(ctx, { params, query }) {
      const pks = await loadPks(ctx, requirePrincipal(ctx), params.id, 'read');
      const knex = ctx.deps.knex;
      const current = await clauseOf(knex, pks.id, params.position);
      const earlier = knex('pks_clause_history')
        .where({ pks_id: pks.id, position: params.position })
        .orderBy('id', 'desc');
      const before = await (query.historyId ? earlier.where({ id: query.historyId }) : earlier).first();
      if (!before)
        throw notFound(
          query.historyId
            ? `history ${query.historyId} of clause ${params.position}`
            : `an earlier text of clause ${params.position}`,
        );
      return { historyId: before.id, ...clauseDiff(before, current) };
    },
  },
  {
    method: 'get',
    path: '/api/pks/:id/agreement-data',
    summary: 'The data that fills the agreement template (parties, contract, rules, sites, amounts in words)',
    tag: 'pks',
    params: idParams,
    async handler(ctx, { params }) {
      const pks = await loadPks(ctx, requirePrincipal(ctx), params.id, 'read');
      return agreementData(ctx.deps.knex, pks.id);
    },
  },
  ...(['pdf', 'docx'] as const).map((format): RouteSpec => ({
    method: 'get',
    path: `/api/pks/:id/agreement.${format}`,
    summary: `The agreement as ${format.toUpperCase()}, filled from the agreement data and the contract’s clauses`,
    tag: 'pks',
    params: idParams,
    async handler(ctx, { params }) {
      const principal = requirePrincipal(ctx);
      const pks = await loadPks(ctx, principal, params.id, 'read');
      requireDocuments(ctx);
      return serveDocument(
        ctx,
        {
          ownerType: 'pks',
          ownerId: pks.id,
          kind: 'agreement',
          version: pks.version,
          userId: principal.userId,
          format,
        },
        `PKS ${pks.number} v${pks.version} (${format})`,
      );
    },
  })),
  {
    method: 'post',
    path: '/api/pks/:id/submit',
    summary: 'Submit the PKS for the Director of Sales’ sign-off',
    tag: 'pks',
    params: idParams,
    headers: idempotencyHeader,
    async handler(ctx, { params }) {
      const principal = requirePrincipal(ctx);
      const pks = await loadPks(ctx, principal, params.id, 'update');
      return pksCommand(ctx, pks, 'pks.submit', {}, (h, updateId) =>
        h.executeUpdate(submitPksUpdate, { args: [{ userId: principal.userId }], updateId }),
      );
    },
  },
  {
    method: 'post',
    path: '/api/pks/:id/decisions',
    summary: 'Sign off (approve) or reject the PKS (Director of Sales; not the author; reject needs a note)',
    tag: 'pks',
    params: idParams,
    headers: idempotencyHeader,
    body: Joi.object({
      decision: Joi.string().valid('approve', 'reject').required(),
      note: Joi.string().trim().max(2000).allow(''),
    }).required(),
    async handler(ctx, { params, body }) {
      const principal = requirePrincipal(ctx);
      const pks = await loadPks(ctx, principal, params.id, 'read');
      return pksCommand(ctx, pks, 'pks.decision', body, (h, updateId) =>
        h.executeUpdate(decidePksUpdate, {
          args: [
            {
              userId: principal.userId,
              roleCode: principal.roleCode,
              decision: body.decision,
              note: body.note || undefined,
            },
          ],
          updateId,
        }),
      );
    },
  },
  {
    method: 'post',
    path: '/api/pks/:id/checklist',
    summary: 'Save the contract checklist (NPWP, billing, stamp duty, reliever, union…); answers what is still missing',
    tag: 'pks',
    params: idParams,
    headers: idempotencyHeader,
    body: checklistBody,
    async handler(ctx, { params, body }) {
      const principal = requirePrincipal(ctx);
      const pks = await loadPks(ctx, principal, params.id, 'update');
      return pksCommand(ctx, pks, 'pks.checklist', body, (h, updateId) =>
        h.executeUpdate(checklistPksUpdate, { args: [{ userId: principal.userId, checklist: body }], updateId }),
      );
    },
  },
  {
    method: 'post',
    path: '/api/pks/:id/documents',
    summary: 'Upload the PKS signed by the customer (form field "file": pdf, doc, docx, jpg, jpeg, png; at most 10 MB)',
    tag: 'pks',
    params: idParams,
    upload: { field: 'file', maxFiles: 1, maxBytes: UPLOAD_RULES['signed-document'].maxBytes },
    async handler(ctx, { params, files }) {
      const principal = requirePrincipal(ctx);
      const pks = await loadPks(ctx, principal, params.id, 'update');
      const [file] = files;
      if (!file) throw invalid([{ field: 'file', message: 'the signed PKS file is required' }]);
      const problem = uploadProblem(file, 'signed-document');
      if (problem) throw invalid([{ field: 'file', message: problem }]);
      if (pks.status !== 'awaiting_signed' && pks.status !== 'awaiting_activation')
        throw conflict(`PKS is ${pks.status}; it cannot take a signed copy`);
      const stored = await storeUpload(ctx, principal, file);
      return pksCommand(ctx, pks, 'pks.sign', { fileSha256: stored.sha256 }, (h, updateId) =>
        h.executeUpdate(uploadSignedPksUpdate, { args: [{ userId: principal.userId, fileId: stored.id }], updateId }),
      );
    },
  },
  {
    method: 'post',
    path: '/api/pks/:id/activate',
    summary:
      'Activate the contract (Manager CRM; signed copy uploaded; complete checklist, else 409 naming what is missing)',
    tag: 'pks',
    params: idParams,
    headers: idempotencyHeader,
    async handler(ctx, { params }) {
      const principal = requirePrincipal(ctx);
      const pks = await loadPks(ctx, principal, params.id, 'read');
      return pksCommand(ctx, pks, 'pks.activate', {}, (h, updateId) =>
        h.executeUpdate(activatePksUpdate, {
          args: [{ userId: principal.userId, roleCode: principal.roleCode }],
          updateId,
        }),
      );
    },
  },
];
