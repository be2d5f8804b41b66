// SPK, the work order (domain/contracts.md §4): made from approved quotations' sites, one run per SPK; the
// signed copy, site removal and cancellation are workflow Updates; lists and views read the projection.
import {
  liveSpkSites,
  insertSpk,
  resolveSpkSource,
  getSpk,
  getSpkAvailableSites,
  getSpkById,
  loadSpk,
} from '../../services/spk';
import { startSpkRun } from '../../temporal/spk-run';
import Joi from 'joi';
import type { QuotationRecord } from '../../../workflows/quotation-contract';
import {
  cancelSpkUpdate,
  removeSpkSiteUpdate,
  resubmitSpkSitesUpdate,
  spkWorkflowId,
  uploadSignedSpkUpdate,
  type SpkRecord,
} from '../../../workflows/spk-contract';
import { requireAbility } from '../../auth/guards';
import type { ApiContext } from '../context';
import { MIME_TYPES, requireDocuments, serveDocument } from '../documents';
import { idempotencyHeader, idempotent } from '../idempotency';
import { idParams, pageQuery } from '../listing';
import { conflict, invalid, type FieldError } from '../problem';
import { callTemporal } from '../../temporal/temporal-call';
import { sendUpdate } from '../workflow-commands';
import { requirePrincipal, type RouteSpec } from '../route';
import { calendarDate } from '../../schemas/fields';
import { storeUpload, uploadProblem, UPLOAD_RULES } from '../../services/files';
import { createVersion, startQuotationRun } from '../../services/quotations';

const id = Joi.number().integer().min(1);

function sendSpkCommand(
  ctx: ApiContext,
  spk: SpkRecord,
  operation: string,
  body: unknown,
  send: (updateId?: string) => Promise<SpkRecord>,
) {
  return sendUpdate(
    ctx,
    { what: `SPK ${spk.id}`, operation: `${operation}:${spk.id}`, body, workflowId: spkWorkflowId(spk.id) },
    send,
  );
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
      const source = await resolveSpkSource(knex, principal, body);
      const response = await idempotent(ctx, 'spk.create', body, async (trx) => {
        const record = await insertSpk(trx, principal, source, body.spkDate);
        // Started inside the transaction: if Temporal refuses, nothing was recorded.
        await callTemporal('SPK', config.updateTimeoutMs, temporal.withDeadline.bind(temporal), () =>
          startSpkRun(temporal, config, trx, record, source.chosen),
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
    summary:
      'SPKs in your scope; without a search or a lead (leadId), those dated from the start of the month three months back',
    tag: 'spk',
    query: Joi.object({
      ...pageQuery,
      pageSize: Joi.number().integer().min(1).max(100).default(15),
      q: Joi.string().trim().max(100),
      status: Joi.string().max(20),
      branchId: id,
      leadId: id,
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
    produces: [MIME_TYPES.pdf, MIME_TYPES.docx],
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
      const problem = await uploadProblem(file, 'signed-document');
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
      const live = await liveSpkSites(ctx.deps.knex, spk.id);
      if (!live.some((site) => site.id === params.siteId))
        throw invalid([{ field: 'siteId', message: `site ${params.siteId} is not a live site of this SPK` }]);
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
      const live = await liveSpkSites(knex, spk.id);
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
            startQuotationRun(temporal, config, trx, revision),
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
