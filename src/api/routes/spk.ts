// SPK, the work order (domain/contracts.md §4): made from approved quotations' sites, one run per SPK; the
// signed copy, site removal and cancellation are workflow Updates; lists and views read the projection.
import { subject as asSubject } from '@casl/ability';
import { WorkflowIdConflictPolicy } from '@temporalio/common';
import Joi from 'joi';
import { nextSequence } from '../../db/document-sequences';
import { changeLeadStatus, findLead, logSystemActivity } from '../../db/leads';
import { regionalWage } from '../../db/minimum-wages';
import { formatSpkNumber, spkSequenceKey } from '../../domain/spk';
import { spkRecord } from '../../../activities/spk';
import {
  ContractNumber,
  CustomerName,
  EntityId,
  LifecycleStatus,
  SalesUserId,
} from '../../../workflows/search-attributes';
import type { QuotationRecord } from '../../../workflows/quotation-contract';
import {
  cancelSpkUpdate,
  removeSpkSiteUpdate,
  resubmitSpkSitesUpdate,
  spkWorkflowId,
  uploadSignedSpkUpdate,
  type SpkRecord,
} from '../../../workflows/spk-contract';
import type { spkWorkflow } from '../../../workflows/spk';
import { requireAbility } from '../../auth/guards';
import type { ApiContext } from '../context';
import { requireDocuments, serveDocument } from '../documents';
import { idempotent } from '../idempotency';
import { idParams, pageQuery } from '../listing';
import { conflict, invalid, type FieldError } from '../problem';
import { callTemporal } from '../temporal-errors';
import { sendUpdate } from '../workflow-commands';
import { requirePrincipal, type RouteSpec } from '../route';
import { calendarDate } from '../../schemas/fields';
import { storeUpload, uploadProblem } from '../../services/files';
import { UPLOAD_RULES } from '../../services/files';
import { createVersion, startQuotationRun } from '../../services/quotations';
import { idempotencyHeader } from './quotations';
import { availableSites, getSpk, getSpkAvailableSites, getSpkById, loadSpk } from '../../services/spk';

const id = Joi.number().integer().min(1);
// Lead statuses automation never moves back from (crm.md §1.6): SPK stage 3 only for leads below 99.
const SPK_LEAD_STATUS = 3;

function sendSpkCommand(
  ctx: ApiContext,
  spk: SpkRecord,
  operation: string,
  body: unknown,
  send: (updateId?: string) => Promise<SpkRecord>,
) {
  return sendUpdate(ctx, `SPK ${spk.id}`, `${operation}:${spk.id}`, body, send);
}

export const spkRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/spk/available-sites',
    summary: 'Sites of a lead’s approved quotations that are in no SPK yet',
    tag: 'spk',
    query: Joi.object({ leadId: id.required() }),
    handler: (ctx, input) => getSpkAvailableSites(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'post',
    path: '/api/spk',
    summary:
      'Make an SPK from sites of approved quotations of one lead (all or nothing); starts its workflow, which marks the quotations converted',
    tag: 'spk',
    status: 201,
    headers: idempotencyHeader,
    body: Joi.object({
      leadId: id.required(),
      spkDate: calendarDate.required(),
      sites: Joi.array()
        .items(Joi.object({ quotationId: id.required(), siteKey: Joi.string().trim().min(1).max(40).required() }))
        .min(1)
        .max(200)
        .unique((a, b) => a.quotationId === b.quotationId && a.siteKey === b.siteKey)
        .required(),
    }).required(),
    async handler(ctx, { body }) {
      const principal = requirePrincipal(ctx);
      requireAbility(principal, 'create', 'Spk');
      const { knex, temporal, config } = ctx.deps;
      const lead = await findLead(knex, body.leadId);
      if (!lead || !principal.ability.can('read', asSubject('Lead', { ...lead })))
        throw invalid([{ field: 'leadId', message: `lead ${body.leadId} does not exist` }]);
      const available = await availableSites(knex, lead.id);
      const errors: FieldError[] = [];
      const chosen = (body.sites as Array<{ quotationId: number; siteKey: string }>).map((s, i) => {
        const site = available.find((a) => a.quotationId === s.quotationId && a.siteKey === s.siteKey);
        if (!site)
          errors.push({
            field: `sites.${i}`,
            message: `site ${s.siteKey} of quotation ${s.quotationId} is not an approved site of this lead without an SPK`,
          });
        return site!;
      });
      if (errors.length) throw invalid(errors);
      const entities = [...new Set(chosen.map((s) => s.entityId))];
      if (entities.length > 1)
        throw invalid([{ field: 'sites', message: 'the sites come from quotations of different entities' }]);
      const response = await idempotent(ctx, 'spk.create', body, async (trx) => {
        const entity = await trx('entities').where({ id: entities[0] }).first('id', 'code');
        const prefix = spkSequenceKey(entity.code, lead.code, body.spkDate);
        const number = formatSpkNumber(prefix, await nextSequence(trx, prefix));
        const [row] = await trx('spks')
          .insert({
            number,
            lead_id: lead.id,
            entity_id: entity.id,
            spk_date: body.spkDate,
            customer_name: lead.companyName,
            sales_user_id: lead.mainSalesUserId,
            branch_id: lead.branchId,
            created_by: principal.userId,
            updated_by: principal.userId,
          })
          .returning('*');
        for (const site of chosen) {
          const wage = await regionalWage(trx, site.cityCode, body.spkDate);
          await trx('spk_sites').insert({
            spk_id: row.id,
            quotation_id: site.quotationId,
            quotation_number: site.quotationNumber,
            site_key: site.siteKey,
            name: site.name,
            province_code: site.provinceCode,
            city_code: site.cityCode,
            placement: site.address,
            ump: wage?.ump ?? null,
            umk: wage?.umk ?? null,
            headcount: site.headcount,
          });
        }
        await logSystemActivity(trx, lead, 'SPK', `SPK ${number} created`, principal.userId);
        if ((lead.statusId as number) < SPK_LEAD_STATUS)
          await changeLeadStatus(trx, lead.id, SPK_LEAD_STATUS, `SPK ${number}`, principal.userId);
        const record = spkRecord(row);
        // Started inside the transaction: if Temporal refuses, nothing was recorded.
        await callTemporal('SPK', config.updateTimeoutMs, temporal.withDeadline.bind(temporal), () =>
          temporal.workflow.start<typeof spkWorkflow>('spkWorkflow', {
            taskQueue: config.taskQueue,
            workflowId: spkWorkflowId(record.id),
            workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
            args: [{ spkId: record.id, number, quotationIds: [...new Set(chosen.map((s) => s.quotationId))] }],
            typedSearchAttributes: [
              { key: ContractNumber, value: number },
              { key: CustomerName, value: record.customerName },
              { key: SalesUserId, value: String(record.salesUserId ?? '') },
              { key: LifecycleStatus, value: record.status },
              { key: EntityId, value: String(record.entityId) },
            ],
            staticSummary: `SPK ${number} for ${record.customerName} (${chosen.length} site(s))`,
          }),
        );
        return { status: 201, body: record };
      });
      ctx.set('Location', `/api/spk/${(response.body as SpkRecord).id}`);
      return response.body;
    },
  },
  {
    method: 'get',
    path: '/api/spk',
    summary: 'SPKs in your scope; by default those dated from the start of the month three months back',
    tag: 'spk',
    query: Joi.object({
      ...pageQuery,
      pageSize: Joi.number().integer().min(1).max(100).default(15),
      q: Joi.string().trim().max(100),
      status: Joi.string().max(20),
      branchId: id,
      dateFrom: calendarDate,
    }),
    handler: (ctx, input) => getSpk(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'get',
    path: '/api/spk/:id',
    summary: 'An SPK with its sites and signed copies',
    tag: 'spk',
    params: idParams,
    handler: (ctx, input) => getSpkById(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'get',
    path: '/api/spk/:id/document',
    summary: 'The SPK as PDF, or DOCX with format=docx (customer, entity, sites with headcount and wage floor)',
    tag: 'spk',
    params: idParams,
    query: Joi.object({ format: Joi.string().valid('pdf', 'docx').default('pdf') }),
    async handler(ctx, { params, query }) {
      const principal = requirePrincipal(ctx);
      const spk = await loadSpk(ctx.deps, principal, params.id, 'read');
      requireDocuments(ctx.deps);
      return serveDocument(
        ctx,
        {
          ownerType: 'spk',
          ownerId: spk.id,
          kind: 'spk',
          version: spk.version,
          userId: principal.userId,
          format: query.format,
        },
        `SPK ${spk.number} v${spk.version} (${query.format})`,
      );
    },
  },
  {
    method: 'post',
    path: '/api/spk/:id/documents',
    summary:
      'Upload the signed SPK (form field "file": pdf, doc, docx, jpg, jpeg, png; at most 10 MB); earlier copies are kept',
    tag: 'spk',
    params: idParams,
    upload: { field: 'file', maxFiles: 1, maxBytes: UPLOAD_RULES['signed-document'].maxBytes },
    async handler(ctx, { params, files }) {
      const principal = requirePrincipal(ctx);
      const spk = await loadSpk(ctx.deps, principal, params.id, 'update');
      const [file] = files;
      if (!file) throw invalid([{ field: 'file', message: 'the signed SPK file is required' }]);
      const problem = uploadProblem(file, 'signed-document');
      if (problem) throw invalid([{ field: 'file', message: problem }]);
      if (spk.status !== 'draft' && spk.status !== 'signed')
        throw conflict(`SPK is ${spk.status}; it cannot be signed`);
      const stored = await storeUpload(ctx.deps, principal, file);
      return sendSpkCommand(ctx, spk, 'spk.sign', { fileSha256: stored.sha256 }, (updateId) =>
        ctx.deps.temporal.workflow
          .getHandle(spkWorkflowId(spk.id))
          .executeUpdate(uploadSignedSpkUpdate, { args: [{ fileId: stored.id, userId: principal.userId }], updateId }),
      );
    },
  },
  {
    method: 'delete',
    path: '/api/spk/:id/sites/:siteId',
    summary: 'Remove one site from an SPK (the last one cancels it); refused once a PKS is made from it',
    tag: 'spk',
    params: Joi.object({ id: id.required(), siteId: id.required() }),
    headers: idempotencyHeader,
    async handler(ctx, { params }) {
      const principal = requirePrincipal(ctx);
      const spk = await loadSpk(ctx.deps, principal, params.id, 'update');
      const site = await ctx.deps
        .knex('spk_sites')
        .where({ id: params.siteId, spk_id: spk.id })
        .whereNull('removed_at')
        .first('id');
      if (!site) throw invalid([{ field: 'siteId', message: `site ${params.siteId} is not a live site of this SPK` }]);
      return sendSpkCommand(ctx, spk, 'spk.removeSite', params, (updateId) =>
        ctx.deps.temporal.workflow.getHandle(spkWorkflowId(spk.id)).executeUpdate(removeSpkSiteUpdate, {
          args: [{ siteId: params.siteId, userId: principal.userId }],
          updateId,
        }),
      );
    },
  },
  {
    method: 'post',
    path: '/api/spk/:id/resubmit',
    summary:
      'Send sites back to pricing ("ajukan ulang"): per source quotation a revision holding just those sites; the sites leave the SPK (all of them cancel it)',
    tag: 'spk',
    params: idParams,
    headers: idempotencyHeader,
    body: Joi.object({
      reason: Joi.string().trim().min(1).max(500).required(),
      siteIds: Joi.array().items(id).min(1).max(200).unique().required(),
    }).required(),
    async handler(ctx, { params, body }) {
      const principal = requirePrincipal(ctx);
      requireAbility(principal, 'create', 'Quotation');
      const spk = await loadSpk(ctx.deps, principal, params.id, 'update');
      const { knex, temporal, config } = ctx.deps;
      const live: Array<{ id: number; quotation_id: number; site_key: string }> = await knex('spk_sites')
        .where({ spk_id: spk.id })
        .whereNull('removed_at')
        .select('id', 'quotation_id', 'site_key');
      const errors: FieldError[] = [];
      const bySource = new Map<number, string[]>();
      (body.siteIds as number[]).forEach((siteId, i) => {
        const site = live.find((l) => l.id === siteId);
        if (!site) errors.push({ field: `siteIds.${i}`, message: `site ${siteId} is not a live site of this SPK` });
        else bySource.set(site.quotation_id, [...(bySource.get(site.quotation_id) ?? []), site.site_key]);
      });
      if (errors.length) throw invalid(errors);
      if (spk.status !== 'draft' && spk.status !== 'signed')
        throw conflict(`SPK is ${spk.status}; its sites can no longer be sent back`);
      const response = await idempotent(ctx, `spk.resubmit:${spk.id}`, body, async (trx, key) => {
        const revisions: QuotationRecord[] = [];
        for (const [quotationId, siteKeys] of bySource) {
          revisions.push(
            (
              await createVersion(
                ctx.deps,
                trx,
                principal,
                { type: 'revisi', referenceQuotationId: quotationId },
                { resubmittedSiteKeys: siteKeys, reason: body.reason },
              )
            ).toRecord(),
          );
        }
        // The SPK run removes the sites; the revisions' rows commit only if it accepted.
        const record = await callTemporal(
          `SPK ${spk.id}`,
          config.updateTimeoutMs,
          temporal.withDeadline.bind(temporal),
          () =>
            temporal.workflow.getHandle(spkWorkflowId(spk.id)).executeUpdate(resubmitSpkSitesUpdate, {
              args: [
                {
                  siteIds: body.siteIds,
                  reason: body.reason,
                  revisionNumbers: revisions.map((r) => r.number),
                  userId: principal.userId,
                },
              ],
              updateId: key,
            }),
        );
        for (const revision of revisions)
          await callTemporal('quotation', config.updateTimeoutMs, temporal.withDeadline.bind(temporal), () =>
            startQuotationRun(temporal, config, revision),
          );
        return { status: 200, body: { spk: record, revisions } };
      });
      return response.body;
    },
  },
  {
    method: 'post',
    path: '/api/spk/:id/cancel',
    summary: 'Cancel an SPK (its sites become available again); refused once a PKS is made from it',
    tag: 'spk',
    params: idParams,
    headers: idempotencyHeader,
    body: Joi.object({ reason: Joi.string().trim().min(1).max(500).required() }).required(),
    async handler(ctx, { params, body }) {
      const principal = requirePrincipal(ctx);
      const spk = await loadSpk(ctx.deps, principal, params.id, 'delete');
      return sendSpkCommand(ctx, spk, 'spk.cancel', body, (updateId) =>
        ctx.deps.temporal.workflow
          .getHandle(spkWorkflowId(spk.id))
          .executeUpdate(cancelSpkUpdate, { args: [{ reason: body.reason, userId: principal.userId }], updateId }),
      );
    },
  },
];
