// PKS, the partnership agreement (domain/contracts.md §5–§8): made from signed SPKs' sites, one run per PKS;
// sign-off, checklist, the signed copy and activation are workflow Updates; lists and views read the projection.
import Joi from 'joi';
import { requireAbility } from '../../auth/guards';
import { resolvePksSource } from '../../contracts/pks-source';
import { insertPks } from '../../db/pks';
import { PKS_STATUSES, PKS_TYPES } from '../../domain/pks';
import { startPksRun } from '../../temporal/pks-run';
import { resolvePksCorrection } from '../../contracts/pks-correction';
import {
  activatePksUpdate,
  cancelPksUpdate,
  checklistPksUpdate,
  correctPksUpdate,
  decidePksUpdate,
  pksWorkflowId,
  submitPksUpdate,
  terminatePksUpdate,
  uploadSignedPksUpdate,
  type PksRecord,
} from '../../../workflows/pks-contract';
import type { ApiContext } from '../context';
import { MIME_TYPES, requireDocuments, serveDocument } from '../documents';
import { idempotencyHeader, idempotent } from '../idempotency';
import { idParams, pageQuery } from '../listing';
import { conflict, invalid } from '../problem';
import { callTemporal } from '../../temporal/temporal-call';
import { sendUpdate } from '../workflow-commands';
import { requirePrincipal, type RouteSpec } from '../route';
import { calendarDate } from '../../schemas/fields';
import { storeUpload, uploadProblem, UPLOAD_RULES } from '../../services/files';
import {
  getPks,
  getPksAgreementData,
  getPksAvailableQuotationSites,
  getPksAvailableSites,
  getPksById,
  getPksDashboard,
  loadPks,
} from '../../services/pks';

const id = Joi.number().integer().min(1);
const text = (max: number) => Joi.string().trim().max(max);

export function pksCommand<T>(
  ctx: ApiContext,
  pks: PksRecord,
  operation: string,
  body: unknown,
  send: (handle: ReturnType<ApiContext['deps']['temporal']['workflow']['getHandle']>, updateId?: string) => Promise<T>,
) {
  const workflowId = pksWorkflowId(pks.id);
  return sendUpdate(ctx, { what: `PKS ${pks.id}`, operation: `${operation}:${pks.id}`, body, workflowId }, (key) =>
    send(ctx.deps.temporal.workflow.getHandle(workflowId), key),
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

export const pksRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/pks/available-sites',
    summary: 'Sites of a lead’s signed SPKs that are in no contract yet',
    tag: 'pks',
    query: Joi.object({ leadId: id.required() }),
    handler: (ctx, input) => getPksAvailableSites(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'get',
    path: '/api/pks/available-quotation-sites',
    summary:
      'The site picker of a renewal or addendum: the sites its (rekontrak / addendum) quotation prices that no live contract holds',
    tag: 'pks',
    query: Joi.object({ quotationId: id.required() }),
    handler: (ctx, input) => getPksAvailableQuotationSites(ctx.deps, requirePrincipal(ctx), input),
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
      const source = await resolvePksSource(knex, principal, body);
      const response = await idempotent(ctx, 'pks.create', body, async (trx) => {
        const record = await insertPks(trx, principal, source, body);
        // Started inside the transaction: if Temporal refuses, nothing was recorded.
        await callTemporal('PKS', config.updateTimeoutMs, temporal.withDeadline.bind(temporal), () =>
          startPksRun(temporal, config, trx, record, source),
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
    summary: 'Contracts in your scope (of one lead with leadId), with their remaining term',
    tag: 'pks',
    query: Joi.object({
      ...pageQuery,
      pageSize: Joi.number().integer().min(1).max(100).default(15),
      q: Joi.string().trim().max(100),
      status: Joi.string().valid(...PKS_STATUSES),
      type: Joi.string().valid(...PKS_TYPES),
      branchId: id,
      leadId: id,
    }),
    handler: (ctx, input) => getPks(ctx.deps, requirePrincipal(ctx), input),
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
    handler: (ctx, input) => getPksDashboard(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'get',
    path: '/api/pks/:id',
    summary: 'A contract with its sites, clauses, checklist (and what is missing), approvals and signed copies',
    tag: 'pks',
    params: idParams,
    handler: (ctx, input) => getPksById(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'patch',
    path: '/api/pks/:id',
    summary:
      'Correct a draft PKS’s dates and terms (only the fields sent change); clauses nobody edited follow the new terms',
    tag: 'pks',
    params: idParams,
    headers: idempotencyHeader,
    body: Joi.object({
      pksDate: calendarDate,
      contractStart: calendarDate,
      contractEnd: calendarDate,
      effectiveDate: calendarDate,
      salaryRuleId: id,
      thrRuleId: id,
      hcCategoryId: id.allow(null),
      loyaltyLevelId: id.allow(null),
    })
      .min(1)
      .required(),
    async handler(ctx, { params, body }) {
      const principal = requirePrincipal(ctx);
      const pks = await loadPks(ctx.deps, principal, params.id, 'update');
      if (pks.status !== 'draft') throw conflict(`PKS is ${pks.status}; only a draft can be corrected`);
      const correction = await resolvePksCorrection(ctx.deps.knex, pks, body);
      return pksCommand(ctx, pks, 'pks.correct', body, (h, updateId) =>
        h.executeUpdate(correctPksUpdate, { args: [{ userId: principal.userId, correction }], updateId }),
      );
    },
  },
  {
    method: 'post',
    path: '/api/pks/:id/cancel',
    summary:
      'Cancel a PKS made by mistake (draft, submitted or awaiting the customer’s signature; reason required): its SPK sites are free again',
    tag: 'pks',
    params: idParams,
    headers: idempotencyHeader,
    body: Joi.object({ reason: Joi.string().trim().min(1).max(500).required() }).required(),
    async handler(ctx, { params, body }) {
      const principal = requirePrincipal(ctx);
      const pks = await loadPks(ctx.deps, principal, params.id, 'update');
      return pksCommand(ctx, pks, 'pks.cancel', body, (h, updateId) =>
        h.executeUpdate(cancelPksUpdate, { args: [{ userId: principal.userId, reason: body.reason }], updateId }),
      );
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
      const pks = await loadPks(ctx.deps, principal, params.id, 'read');
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
    path: '/api/pks/:id/agreement-data',
    summary: 'The data that fills the agreement template (parties, contract, rules, sites, amounts in words)',
    tag: 'pks',
    params: idParams,
    handler: (ctx, input) => getPksAgreementData(ctx.deps, requirePrincipal(ctx), input),
  },
  ...(['pdf', 'docx'] as const).map((format): RouteSpec => ({
    method: 'get',
    path: `/api/pks/:id/agreement.${format}`,
    summary: `The agreement as ${format.toUpperCase()}, filled from the agreement data and the contract’s clauses`,
    tag: 'pks',
    produces: [MIME_TYPES[format]],
    params: idParams,
    async handler(ctx, { params }) {
      const principal = requirePrincipal(ctx);
      const pks = await loadPks(ctx.deps, principal, params.id, 'read');
      requireDocuments(ctx.deps);
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
      const pks = await loadPks(ctx.deps, principal, params.id, 'update');
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
      const pks = await loadPks(ctx.deps, principal, params.id, 'read');
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
      const pks = await loadPks(ctx.deps, principal, params.id, 'update');
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
      const pks = await loadPks(ctx.deps, principal, params.id, 'update');
      const [file] = files;
      if (!file) throw invalid([{ field: 'file', message: 'the signed PKS file is required' }]);
      const problem = await uploadProblem(file, 'signed-document');
      if (problem) throw invalid([{ field: 'file', message: problem }]);
      if (pks.status !== 'awaiting_signed' && pks.status !== 'awaiting_activation')
        throw conflict(`PKS is ${pks.status}; it cannot take a signed copy`);
      const stored = await storeUpload(ctx.deps, principal, file);
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
      const pks = await loadPks(ctx.deps, principal, params.id, 'read');
      return pksCommand(ctx, pks, 'pks.activate', {}, (h, updateId) =>
        h.executeUpdate(activatePksUpdate, {
          args: [{ userId: principal.userId, roleCode: principal.roleCode }],
          updateId,
        }),
      );
    },
  },
];
