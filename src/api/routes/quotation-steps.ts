// The 12 quotation steps (domain/quotation.md §1): each has its own schema and reference checks here; a save goes
// through the quotation workflow's Update (step order, state, version), which persists it and prices the
// quotation again. GET returns a step's saved data; the calculation endpoint the full breakdown.
import {
  getQuotationsStepSuggestion,
  prepareStepSave,
  quotationTotals,
  getQuotationsDiffById,
  stepData,
  getQuotationsCalculation,
  siteKeyErrors,
} from '../../services/quotation-steps';
import Joi from 'joi';
import { MANUAL_FIELDS, PRICING_POLICIES } from '../../domain/pricing/engine';
import { loadSteps } from '../../db/quotation-pricing';
import { CONTRACT_KINDS, STEP_COUNT } from '../../domain/quotation-lifecycle';
import { copySiteUpdate, quotationWorkflowId, saveStepUpdate } from '../../../workflows/quotation-contract';
import { idParams } from '../listing';
import { invalid } from '../problem';
import { requirePrincipal, type RouteSpec } from '../route';
import { calendarDate, cityCode, provinceCode } from '../../schemas/fields';
import { command, commandOn } from './quotations';
import { idempotencyHeader } from '../idempotency';
import { loadQuotation } from '../../services/quotations';

const id = Joi.number().integer().min(1);
const key = Joi.string().trim().min(1).max(40);
const money = Joi.number().min(0).max(1e12).precision(2);
const percent = Joi.number().min(0).max(100).precision(4);
// `amountHpp`: the HPP view's own amount, where the business keeps a cost and a price apart.
const provision = Joi.object({
  mode: Joi.string().valid('none', 'provisioned', 'manual').required(),
  amount: money.when('mode', { is: 'manual', then: Joi.required(), otherwise: Joi.allow(null) }),
  amountHpp: money.allow(null),
});
const flat = Joi.object({
  mode: Joi.string().valid('none', 'flat', 'billed_separately').required(),
  amount: money.when('mode', { is: 'flat', then: Joi.required(), otherwise: Joi.allow(null) }),
  amountHpp: money.allow(null),
});
const catalogueItem = (owner: 'siteKey' | 'positionKey') =>
  Joi.object({
    [owner]: key.required(),
    itemId: id.required(),
    quantity: Joi.number().min(0).max(100000).precision(2).required(),
    price: money,
    usefulLifeMonths: Joi.number().integer().min(1).max(600),
  });

const STEP_SCHEMAS: Record<number, Joi.ObjectSchema> = {
  1: Joi.object({
    contractKind: Joi.string()
      .valid(...CONTRACT_KINDS)
      .required(),
  }),
  2: Joi.object({
    startDate: calendarDate.required(),
    endDate: calendarDate.required(),
    duration: Joi.object({
      value: Joi.number().integer().min(1).max(120).required(),
      unit: Joi.string().valid('bulan', 'tahun').required(),
    }).required(),
    placementDate: calendarDate.allow(null),
    evaluationMonths: Joi.number().integer().min(0).max(24).allow(null),
    salaryRuleId: id.required(),
    top: Joi.object({
      kind: Joi.string().valid('non_top', 'days').required(),
      days: Joi.number()
        .integer()
        .min(1)
        .max(180)
        .when('kind', { is: 'days', then: Joi.required(), otherwise: Joi.forbidden() }),
    }).required(),
    invoiceDay: Joi.number().integer().min(1).max(31).allow(null),
    invoiceDayType: Joi.string().valid('calendar', 'working').allow(null),
  }),
  3: Joi.object({
    sites: Joi.array()
      .items(
        Joi.object({
          key: key.required(),
          name: Joi.string().trim().min(1).max(200).required(),
          provinceCode: provinceCode.required(),
          cityCode: cityCode.required(),
          address: Joi.string().trim().max(1000).allow(null, ''),
        }),
      )
      .min(1)
      .max(200)
      .unique('key')
      .required(),
    positions: Joi.array()
      .items(
        Joi.object({
          key: key.required(),
          siteKey: key.required(),
          positionId: id.required(),
          jobTitle: Joi.string().trim().max(150).allow(null, ''),
          hc: Joi.number().integer().min(1).max(100000).required(),
          hcHpp: Joi.number().integer().min(0).max(100000).allow(null),
          requirements: Joi.array().items(Joi.string().trim().min(1).max(500)).max(50).default([]),
          allowances: Joi.array()
            .items(
              Joi.object({
                name: Joi.string().trim().min(1).max(255).required(),
                amount: money.required(),
                amountHpp: money.allow(null),
                // A tunjangan tetap (part of the upah under the statutory pricing policy); from the catalogue when
                // the allowances are not given.
                fixed: Joi.boolean(),
              }),
            )
            .max(50),
        }),
      )
      .min(1)
      .max(5000)
      .unique('key')
      .required(),
  }),
  4: Joi.object({
    positions: Joi.array()
      .items(
        Joi.object({
          key: key.required(),
          wage: Joi.object({
            basis: Joi.string().valid('umk', 'ump', 'custom').required(),
            amount: money.when('basis', { is: 'custom', then: Joi.required(), otherwise: Joi.allow(null) }),
            // A custom amount per month (default), per day (× working days) or per hour (× 173).
            per: Joi.string().valid('month', 'day', 'hour').allow(null),
            dailyWage: money.allow(null),
          }).required(),
          thr: provision.required(),
          compensation: provision.required(),
          holidayAllowance: flat.required(),
          overtime: flat.required(),
          // Per-person amounts entered by hand in place of the computed ones; listed in the calculation.
          overrides: Joi.object(Object.fromEntries(MANUAL_FIELDS.map((field) => [field, money.allow(null)]))).allow(
            null,
          ),
        }),
      )
      .min(1)
      .unique('key')
      .required(),
    managementFee: Joi.object({
      base: Joi.number().valid(1, 4, 5, 6, 7, 8).required(),
      percent: percent.required(),
    }).required(),
    ppn: Joi.boolean().required(),
    taxBasis: Joi.string().valid('management_fee', 'total_invoice', 'grand_total').required(),
    bankInterestPercent: percent.default(0),
    incentivePercent: percent.default(0),
    // A daily-paid (PKHL) contract's paid days per month; WORKING_DAYS_PER_MONTH when absent or null.
    workingDaysPerMonth: Joi.number().integer().min(1).max(31).allow(null),
    // The quotation's pricing policy (docs/pricing-policies.md); PRICING_POLICY when absent or null.
    pricingPolicy: Joi.string()
      .valid(...PRICING_POLICIES)
      .allow(null),
  }),
  5: Joi.object({
    positions: Joi.array()
      .items(
        Joi.object({
          key: key.required(),
          guarantor: Joi.string().valid('bpjs', 'bpu', 'private').required(),
          enabled: Joi.boolean().required(),
          riskClass: Joi.string().valid('very_low', 'low', 'medium', 'high', 'very_high').required(),
          privateNominal: money.when('guarantor', { is: 'private', then: Joi.required(), otherwise: Joi.allow(null) }),
          optOut: Joi.object({ jkk: Joi.boolean(), jkm: Joi.boolean(), jht: Joi.boolean(), jp: Joi.boolean() }),
          rates: Joi.object({ jkk: percent, jkm: percent, jht: percent, jp: percent, kes: percent }),
        }),
      )
      .min(1)
      .unique('key')
      .required(),
  }),
  6: Joi.object({
    applications: Joi.array()
      .items(
        Joi.object({
          siteKey: key.required(),
          name: Joi.string().trim().min(1).max(255).required(),
          price: money.required(),
          quantity: Joi.number().min(0).max(100000).required(),
        }),
      )
      .max(500)
      .required(),
  }),
  7: Joi.object({ kaporlap: Joi.array().items(catalogueItem('positionKey')).max(5000).required() }),
  8: Joi.object({ devices: Joi.array().items(catalogueItem('siteKey')).max(5000).required() }),
  9: Joi.object({ chemicals: Joi.array().items(catalogueItem('siteKey')).max(5000).required() }),
  10: Joi.object({
    ohc: Joi.array().items(catalogueItem('siteKey')).max(5000).required(),
    trainingIds: Joi.array().items(id).max(100).unique().default([]),
    visits: Joi.array()
      .items(
        Joi.object({
          team: Joi.string().valid('operations', 'crm').required(),
          count: Joi.number().integer().min(1).max(100).required(),
          month: Joi.number().integer().min(1).max(12).required(),
          year: Joi.number().integer().min(2000).max(2100).required(),
          notes: Joi.string().max(1000).allow(null, ''),
        }),
      )
      .max(100)
      .default([]),
  }),
  11: Joi.object({
    clauses: Joi.array()
      .items(
        Joi.object({
          title: Joi.string().trim().min(1).max(255).required(),
          text: Joi.string().trim().min(1).max(20000).required(),
        }),
      )
      .max(100)
      .required(),
    reviewed: Joi.boolean().valid(true).required(),
  }),
  12: Joi.object({ confirmed: Joi.boolean().valid(true).required() }),
};

function stepRoutes(n: number): RouteSpec[] {
  return [
    {
      method: 'get',
      path: `/api/quotations/:id/steps/${n}`,
      summary: `Step ${n}: its saved data (null until saved)`,
      tag: 'quotation steps',
      params: idParams,
      async handler(ctx, { params }) {
        const q = await loadQuotation(ctx.deps, requirePrincipal(ctx), params.id, 'read');
        return {
          step: n,
          data: stepData(await loadSteps(ctx.deps.knex, q.id), n),
          version: q.version,
          completedStep: q.step,
        };
      },
    },
    {
      method: 'put',
      path: `/api/quotations/:id/steps/${n}`,
      summary: `Save step ${n} through the workflow; answers the quotation with the step's data and the fresh totals`,
      tag: 'quotation steps',
      params: idParams,
      headers: idempotencyHeader,
      body: STEP_SCHEMAS[n].keys({ expectedVersion: Joi.number().integer().min(1) }).required(),
      async handler(ctx, { params, body }) {
        const principal = requirePrincipal(ctx);
        const { expectedVersion, ...fields } = body;
        const { quotation: loaded, data } = await prepareStepSave(ctx.deps, principal, params.id, n, fields);
        const record = await commandOn(ctx, loaded, `quotation.step${n}`, body, (quotation, updateId) =>
          ctx.deps.temporal.workflow.getHandle(quotationWorkflowId(quotation.id)).executeUpdate(saveStepUpdate, {
            args: [{ step: n, data, userId: principal.userId, expectedVersion }],
            updateId,
          }),
        );
        // An answer recorded before saves returned their totals (a retried key) has none: read them.
        const totals = record.totals ?? (await quotationTotals(ctx.deps.knex, params.id));
        return { ...record, data, totals };
      },
    },
  ];
}

export const quotationStepRoutes: RouteSpec[] = [
  {
    method: 'post',
    path: '/api/quotations/:id/copy',
    summary:
      'Copy one site’s positions, wages, social security, kaporlap and items onto another site (through the workflow)',
    tag: 'quotation steps',
    params: idParams,
    headers: idempotencyHeader,
    body: Joi.object({ fromSiteKey: key.required(), toSiteKey: key.required() }).required(),
    async handler(ctx, { params, body }) {
      const principal = requirePrincipal(ctx);
      const q = await loadQuotation(ctx.deps, principal, params.id, 'update');
      const errors = siteKeyErrors(await loadSteps(ctx.deps.knex, q.id), body.fromSiteKey, body.toSiteKey);
      if (errors.length) throw invalid(errors);
      const result = await command(ctx, params.id, 'quotation.copySite', body, (quotation, updateId) =>
        ctx.deps.temporal.workflow
          .getHandle(quotationWorkflowId(quotation.id))
          .executeUpdate(copySiteUpdate, { args: [{ userId: principal.userId, ...body }], updateId }),
      );
      return { ...result, totals: result.totals ?? (await quotationTotals(ctx.deps.knex, q.id)) };
    },
  },
  {
    method: 'get',
    path: '/api/quotations/:id/diff/:otherId',
    summary: 'What changed between two quotations (e.g. a revision and its reference): step fields and totals',
    tag: 'quotation steps',
    params: Joi.object({ id: id.required(), otherId: id.required() }),
    handler: (ctx, input) => getQuotationsDiffById(ctx.deps, requirePrincipal(ctx), input),
  },
  ...Array.from({ length: STEP_COUNT }, (_, i) => stepRoutes(i + 1)).flat(),
  {
    method: 'get',
    path: '/api/quotations/:id/steps/:step/suggestion',
    summary:
      'Steps 7–9 filled in from the catalogue’s default quantities per item and service line (kaporlap per position, devices and chemicals per site), to adjust and save',
    tag: 'quotation steps',
    params: idParams.keys({ step: Joi.number().integer().valid(7, 8, 9).required() }),
    handler: (ctx, input) => getQuotationsStepSuggestion(ctx.deps, requirePrincipal(ctx), input),
  },
  {
    method: 'get',
    path: '/api/quotations/:id/calculation',
    summary: 'The full price breakdown (per site, per position, per component; HPP and COSS) of the saved steps',
    tag: 'quotation steps',
    params: idParams,
    handler: (ctx, input) => getQuotationsCalculation(ctx.deps, requirePrincipal(ctx), input),
  },
];
