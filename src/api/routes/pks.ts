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
import { jakartaYearMonth } from '../../domain/jakarta-time';
import { agreementClauses, contractSiteNumber, formatPksNumber, missingChecklistItems, pksSequenceKey, projectName } from '../../domain/pks';
import { pksRecord } from '../../../activities/pks';
import {
  activatePksUpdate, checklistPksUpdate, decidePksUpdate, pksWorkflowId, submitPksUpdate, uploadSignedPksUpdate, type PksRecord,
} from '../../../workflows/pks-contract';
import type { pksWorkflow } from '../../../workflows/pks';
import { ContractNumber, CustomerName, EntityId, LifecycleStatus, SalesUserId } from '../../../workflows/search-attributes';
import { applyReadScope, requireAbility, requireRowAbility } from '../authorization';
import type { ApiContext } from '../context';
import { requirePdf, servePdf } from '../documents';
import { idempotent } from '../idempotency';
import { containing, idParams, pageQuery, paginate } from '../listing';
import { conflict, invalid, type FieldError } from '../problem';
import { callTemporal } from '../temporal-errors';
import { sendUpdate } from '../workflow-commands';
import { requirePrincipal, type RouteSpec } from '../route';
import { calendarDate } from '../schemas';
import { storeUpload, uploadProblem, UPLOAD_RULES } from './files';
import { idempotencyHeader } from './quotations';

const id = Joi.number().integer().min(1);
const text = (max: number) => Joi.string().trim().max(max);

async function loadPks(ctx: ApiContext, principal: Principal, pksId: number, action: 'read' | 'update') {
  const row = await ctx.deps.knex('pks').where({ id: pksId }).first();
  return requireRowAbility(principal, action, 'Pks', row ? pksRecord(row) : undefined, `PKS ${pksId}`);
}

function pksCommand<T>(ctx: ApiContext, pks: PksRecord, operation: string, body: unknown, send: (handle: ReturnType<ApiContext['deps']['temporal']['workflow']['getHandle']>, updateId?: string) => Promise<T>) {
  return sendUpdate(ctx, `PKS ${pks.id}`, `${operation}:${pks.id}`, body, (key) => send(ctx.deps.temporal.workflow.getHandle(pksWorkflowId(pks.id)), key));
}

// Live sites of a lead's signed SPKs that are in no contract yet.
function availableSites(knex: Knex, leadId: number) {
  return knex('spk_sites as x').join('spks as s', 's.id', 'x.spk_id')
    .where({ 's.lead_id': leadId, 's.status': 'signed' }).whereNull('x.removed_at')
    .whereNotExists((q) => q.from('pks_sites as p').whereRaw('p.spk_site_id = x.id'))
    .orderBy('x.id')
    .select('x.id as spkSiteId', 's.id as spkId', 's.number as spkNumber', 'x.quotation_id as quotationId', 'x.quotation_number as quotationNumber', 'x.name', 'x.city_code as cityCode', 'x.placement', 'x.headcount', 's.entity_id as entityId');
}

const checklistBody = Joi.object({
  npwp: text(50).allow(''), npwpAddress: text(255).allow(''), invoicePic: text(100).allow(null, ''), invoicePicPhone: text(30).allow(null, ''),
  invoicePicEmail: Joi.string().trim().email({ tlds: { allow: false } }).allow(null, ''), stampDuty: text(50).allow(''), reliever: text(50).allow(''),
  invoiceRequirements: text(255).allow(''), billingAddress: text(255).allow(''), unionStatus: text(50).allow(''), hasUnion: Joi.string().valid('Ada', 'Tidak Ada').allow(null),
  siteNotes: text(2000).allow(null, ''),
  pics: Joi.array().items(Joi.object({ name: text(100).min(1).required(), titleId: id.allow(null), phone: text(20).allow(null, ''), email: Joi.string().trim().email({ tlds: { allow: false } }).allow(null, '') })).max(20),
}).required();

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
    summary: 'Make a PKS (baru) from signed SPK sites of one lead: number, contract sites, commercial snapshot, clauses; starts its workflow',
    tag: 'pks',
    status: 201,
    headers: idempotencyHeader,
    body: Joi.object({
      leadId: id.required(),
      pksDate: calendarDate.required(),
      contractStart: calendarDate.required(),
      contractEnd: calendarDate.required(),
      salaryRuleId: id.required(),
      thrRuleId: id.required(),
      hcCategoryId: id.allow(null),
      loyaltyLevelId: id.allow(null),
      spkSiteIds: Joi.array().items(id).min(1).max(200).unique().required(),
      primaryQuotationId: id,
    }).required(),
    async handler(ctx, { body }) {
      const principal = requirePrincipal(ctx);
      requireAbility(principal, 'create', 'Pks');
      const { knex, temporal, config } = ctx.deps;
      const lead = await findLead(knex, body.leadId);
      if (!lead || !principal.ability.can('read', asSubject('Lead', { ...lead }))) throw invalid([{ field: 'leadId', message: `lead ${body.leadId} does not exist` }]);
      const errors: FieldError[] = [];
      if (body.contractEnd <= body.contractStart) errors.push({ field: 'contractEnd', message: 'contractEnd must be after contractStart' });
      if (!(await knex('salary_rules').where({ id: body.salaryRuleId }).whereNull('deleted_at').first())) errors.push({ field: 'salaryRuleId', message: `salaryRuleId ${body.salaryRuleId} does not exist` });
      if (!(await knex('thr_rules').where({ id: body.thrRuleId }).first())) errors.push({ field: 'thrRuleId', message: `thrRuleId ${body.thrRuleId} does not exist` });
      const available = await availableSites(knex, lead.id);
      const chosen = (body.spkSiteIds as number[]).map((siteId, i) => {
        const site = available.find((a: { spkSiteId: number }) => a.spkSiteId === siteId);
        if (!site) errors.push({ field: `spkSiteIds.${i}`, message: `SPK site ${siteId} is not a site of a signed SPK of this lead without a contract` });
        return site;
      });
      if (errors.length) throw invalid(errors);
      const quotationIds = [...new Set(chosen.map((s) => s.quotationId as number))];
      const primary = body.primaryQuotationId ?? (quotationIds.length === 1 ? quotationIds[0] : undefined);
      if (!primary || !quotationIds.includes(primary)) throw invalid([{ field: 'primaryQuotationId', message: `the sites come from quotations ${quotationIds.join(', ')}: name the primary one among them` }]);
      const response = await idempotent(ctx, 'pks.create', body, async (trx) => {
        const quotation = await trx('quotations').where({ id: primary }).first();
        if (!quotation.calculation?.priced) throw conflict(`quotation ${quotation.number} has no price`);
        const entity = await trx('entities').where({ id: quotation.entity_id }).first();
        const { year, month } = jakartaYearMonth(new Date(`${body.pksDate}T05:00:00Z`));
        const prefix = pksSequenceKey(entity.code, lead.code, year, month);
        const number = formatPksNumber(prefix, await nextSequence(trx, prefix));
        const coss = quotation.calculation.result.coss;
        const commercial = {
          totalBeforeFee: coss.totalBeforeFee, managementFee: coss.managementFee, grandTotal: coss.grandTotal, dpp: coss.dpp, ppn: coss.ppn, pph23: coss.pph23,
          totalInvoice: coss.totalInvoice, roundedInvoice: coss.roundedInvoice, basicWages: coss.basicWages, totalBpjsTk: coss.totalBpjsTk, totalBpjsKes: coss.totalBpjsKes,
        };
        const [row] = await trx('pks')
          .insert({
            number, lead_id: lead.id, entity_id: entity.id, primary_quotation_id: primary, pks_date: body.pksDate, contract_start: body.contractStart, contract_end: body.contractEnd,
            salary_rule_id: body.salaryRuleId, thr_rule_id: body.thrRuleId, hc_category_id: body.hcCategoryId ?? null, loyalty_level_id: body.loyaltyLevelId ?? null,
            customer_name: lead.companyName, sales_user_id: lead.mainSalesUserId, branch_id: lead.branchId, commercial: JSON.stringify(commercial), created_by: principal.userId, updated_by: principal.userId,
          })
          .returning('*');
        const service = (await serviceLineOf(trx, primary)) ?? '-';
        for (const [i, site] of chosen.entries()) {
          await trx('pks_sites').insert({
            pks_id: row.id, spk_site_id: site.spkSiteId, number: contractSiteNumber(number, i), project_name: projectName(body.contractStart, body.contractEnd, service, lead.companyName),
            name: site.name, city_code: site.cityCode, placement: site.placement, headcount: site.headcount,
          });
        }
        const clauses = agreementClauses(await agreementData(trx, row.id));
        await trx('pks_clauses').insert(clauses.map((c, position) => ({ pks_id: row.id, position, ...c })));
        await logSystemActivity(trx, lead, 'PKS', `PKS ${number} created`, principal.userId);
        const record = pksRecord(row);
        const spkIds = [...new Set(chosen.map((s) => s.spkId as number))];
        // Started inside the transaction: if Temporal refuses, nothing was recorded.
        await callTemporal('PKS', config.updateTimeoutMs, temporal.withDeadline.bind(temporal), () =>
          temporal.workflow.start<typeof pksWorkflow>('pksWorkflow', {
            taskQueue: config.taskQueue,
            workflowId: pksWorkflowId(record.id),
            workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
            args: [{ pksId: record.id, number, spkIds, contractEnd: body.contractEnd, reminderDaysBefore: config.renewalReminderDays }],
            typedSearchAttributes: [
              { key: ContractNumber, value: number }, { key: CustomerName, value: record.customerName }, { key: SalesUserId, value: String(record.salesUserId ?? '') },
              { key: LifecycleStatus, value: record.status }, { key: EntityId, value: String(record.entityId) },
            ],
            staticSummary: `PKS ${number} for ${record.customerName}, ${body.contractStart} – ${body.contractEnd}`,
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
    query: Joi.object({ ...pageQuery, pageSize: Joi.number().integer().min(1).max(100).default(15), q: Joi.string().trim().max(100), status: Joi.string().max(20), branchId: id }),
    async handler(ctx, { query }) {
      const principal = requirePrincipal(ctx);
      requireAbility(principal, 'read', 'Pks');
      const knex = ctx.deps.knex;
      const q = applyReadScope(knex('pks as p').select('p.id', 'p.number', 'p.type', 'p.customer_name as customerName', 'p.status', 'p.pks_date as pksDate', 'p.contract_start as contractStart', 'p.contract_end as contractEnd',
        knex.raw(`(p.contract_end - (now() AT TIME ZONE 'Asia/Jakarta')::date) as "daysLeft"`)), principal, 'Pks', 'p');
      if (query.q) q.where((w) => w.whereILike('p.customer_name', containing(query.q)).orWhereILike('p.number', containing(query.q)));
      if (query.status) q.where('p.status', query.status);
      if (query.branchId) q.where('p.branch_id', query.branchId);
      return paginate(q.orderBy('p.pks_date', 'desc').orderBy('p.id', 'desc'), query.page, query.pageSize);
    },
  },
  {
    method: 'get',
    path: '/api/pks/dashboard',
    summary: 'Contracts at a glance: active (ending later / within 3 months), ended, awaiting signed upload or activation; the soonest-ending list',
    tag: 'pks',
    query: Joi.object({ branchId: id, page: Joi.number().integer().min(1).default(1), pageSize: Joi.number().integer().min(1).max(50).default(20) }),
    async handler(ctx, { query }) {
      const principal = requirePrincipal(ctx);
      requireAbility(principal, 'read', 'Pks');
      const knex = ctx.deps.knex;
      const today = knex.raw("(now() AT TIME ZONE 'Asia/Jakarta')::date");
      const scoped = () => {
        const q = applyReadScope(knex('pks as p'), principal, 'Pks', 'p');
        if (query.branchId) q.where('p.branch_id', query.branchId);
        return q;
      };
      const [counts] = await scoped().select(
        knex.raw(`count(*) FILTER (WHERE p.status = 'active' AND p.contract_end > (?::date + interval '3 months'))::int as "activeLater"`, [today]),
        knex.raw(`count(*) FILTER (WHERE p.status = 'active' AND p.contract_end >= ? AND p.contract_end <= (?::date + interval '3 months'))::int as "endingWithin3Months"`, [today, today]),
        knex.raw(`count(*) FILTER (WHERE p.status = 'expired' OR (p.status = 'active' AND p.contract_end < ?))::int as "ended"`, [today]),
        knex.raw(`count(*) FILTER (WHERE p.status = 'awaiting_signed')::int as "awaitingSignedUpload"`),
        knex.raw(`count(*) FILTER (WHERE p.status = 'awaiting_activation')::int as "awaitingActivation"`),
        knex.raw('count(*)::int as total'),
      );
      const expiring = scoped().where('p.status', 'active').where('p.contract_end', '>=', today)
        .select('p.id', 'p.number', 'p.customer_name as customerName', 'p.branch_id as branchId', 'p.contract_start as contractStart', 'p.contract_end as contractEnd',
          knex.raw('(p.contract_end - ?)::int as "daysLeft"', [today]),
          knex.raw(`CASE WHEN p.contract_end - ? <= 90 THEN 'Akan Habis' ELSE 'Berjalan' END as label`, [today]))
        .orderBy('p.contract_end').orderBy('p.id');
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
        sites: await knex('pks_sites').where({ pks_id: pks.id }).orderBy('id').select('id', 'spk_site_id as spkSiteId', 'number', 'project_name as projectName', 'name', 'city_code as cityCode', 'placement', 'headcount'),
        clauses: await knex('pks_clauses').where({ pks_id: pks.id }).orderBy('position').select('section', 'title', 'text'),
        approvals: await knex('pks_approval_log').where({ pks_id: pks.id }).orderBy('id').select('level', 'event', 'user_id as userId', 'note', 'at'),
        signedFiles: await knex('pks_signed_files as s').join('stored_files as f', 'f.id', 's.file_id').where('s.pks_id', pks.id).orderBy('s.uploaded_at', 'desc').select('f.id', 'f.original_name as originalName', 'f.sha256', 's.uploaded_at as uploadedAt'),
      };
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
  {
    method: 'get',
    path: '/api/pks/:id/agreement.pdf',
    summary: 'The agreement as PDF, filled from the agreement data and the contract’s clauses',
    tag: 'pks',
    params: idParams,
    async handler(ctx, { params }) {
      const principal = requirePrincipal(ctx);
      const pks = await loadPks(ctx, principal, params.id, 'read');
      requirePdf(ctx);
      return servePdf(ctx, { ownerType: 'pks', ownerId: pks.id, kind: 'agreement', version: pks.version, userId: principal.userId }, `PKS ${pks.number} v${pks.version}`);
    },
  },
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
      return pksCommand(ctx, pks, 'pks.submit', {}, (h, updateId) => h.executeUpdate(submitPksUpdate, { args: [{ userId: principal.userId }], updateId }));
    },
  },
  {
    method: 'post',
    path: '/api/pks/:id/decisions',
    summary: 'Sign off (approve) or reject the PKS (Director of Sales; not the author; reject needs a note)',
    tag: 'pks',
    params: idParams,
    headers: idempotencyHeader,
    body: Joi.object({ decision: Joi.string().valid('approve', 'reject').required(), note: Joi.string().trim().max(2000).allow('') }).required(),
    async handler(ctx, { params, body }) {
      const principal = requirePrincipal(ctx);
      const pks = await loadPks(ctx, principal, params.id, 'read');
      return pksCommand(ctx, pks, 'pks.decision', body, (h, updateId) =>
        h.executeUpdate(decidePksUpdate, { args: [{ userId: principal.userId, roleCode: principal.roleCode, decision: body.decision, note: body.note || undefined }], updateId }));
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
      return pksCommand(ctx, pks, 'pks.checklist', body, (h, updateId) => h.executeUpdate(checklistPksUpdate, { args: [{ userId: principal.userId, checklist: body }], updateId }));
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
      if (pks.status !== 'awaiting_signed' && pks.status !== 'awaiting_activation') throw conflict(`PKS is ${pks.status}; it cannot take a signed copy`);
      const stored = await storeUpload(ctx, principal, file);
      return pksCommand(ctx, pks, 'pks.sign', { fileSha256: stored.sha256 }, (h, updateId) => h.executeUpdate(uploadSignedPksUpdate, { args: [{ userId: principal.userId, fileId: stored.id }], updateId }));
    },
  },
  {
    method: 'post',
    path: '/api/pks/:id/activate',
    summary: 'Activate the contract (Manager CRM; signed copy uploaded; complete checklist, else 409 naming what is missing)',
    tag: 'pks',
    params: idParams,
    headers: idempotencyHeader,
    async handler(ctx, { params }) {
      const principal = requirePrincipal(ctx);
      const pks = await loadPks(ctx, principal, params.id, 'read');
      return pksCommand(ctx, pks, 'pks.activate', {}, (h, updateId) => h.executeUpdate(activatePksUpdate, { args: [{ userId: principal.userId, roleCode: principal.roleCode }], updateId }));
    },
  },
];
