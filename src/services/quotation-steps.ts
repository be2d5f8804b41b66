// The 12 quotation steps (domain/quotation.md §1): each has its own schema and reference checks here; a save goes
// through the quotation workflow's Update (step order, state, version), which persists it and prices the
// quotation again. GET returns a step's saved data; the calculation endpoint the full breakdown.
import type { Knex } from 'knex';
import { loadSteps, totalsOf } from '../db/quotation-pricing';
import type { QuotationSteps } from '../domain/quotation/steps';
import {
  ITEM_GROUP_OF_STEP,
  suggestedStep,
  type DefaultQuantity,
  type SuggestedStep,
} from '../domain/quotation/default-quantities';
import { diff } from '../domain/quotation/versions';
import { conflict, invalid, type FieldError } from '../errors';
import { loadQuotation } from './quotations';
import type { ServiceDeps, ServiceInput } from './deps';
import type { Principal } from '../auth/principal';

export interface QuotationRow {
  id: number;
  entityId: number;
  contractKind: string | null;
}

export const ITEM_GROUP: Record<number, { list: string; group: string }> = {
  7: { list: 'kaporlap', group: 'kaporlap' },
  8: { list: 'devices', group: 'device' },
  9: { list: 'chemicals', group: 'chemical' },
  10: { list: 'ohc', group: 'ohc' },
};

// References and cross-step consistency; returns the document to store (catalogue names/prices filled in).
export async function prepareStep(
  db: Knex,
  n: number,
  body: Record<string, any>,
  quotation: QuotationRow,
  steps: QuotationSteps,
): Promise<Record<string, unknown>> {
  const errors: FieldError[] = [];
  const layout = steps[3];
  const siteKeys = new Set<string>((n === 3 ? body.sites : (layout?.sites ?? [])).map((s: { key: string }) => s.key));
  const positionKeys = new Set((layout?.positions ?? []).map((p) => p.key));
  const data: Record<string, any> = { ...body };

  if (n === 2) {
    if (body.endDate < body.startDate) errors.push({ field: 'endDate', message: 'endDate cannot be before startDate' });
    if (!(await db('salary_rules').where({ id: body.salaryRuleId }).whereNull('deleted_at').first()))
      errors.push({ field: 'salaryRuleId', message: `salaryRuleId ${body.salaryRuleId} does not exist` });
  }
  if (n === 3) {
    for (const [i, site] of body.sites.entries()) {
      const city = await db('cities').where({ code: site.cityCode }).first();
      if (!city) errors.push({ field: `sites.${i}.cityCode`, message: `city ${site.cityCode} does not exist` });
      else if (city.province_code !== site.provinceCode)
        errors.push({
          field: `sites.${i}.cityCode`,
          message: `city ${site.cityCode} is not in province ${site.provinceCode}`,
        });
    }
    data.positions = [];
    for (const [i, p] of body.positions.entries()) {
      if (!siteKeys.has(p.siteKey))
        errors.push({
          field: `positions.${i}.siteKey`,
          message: `site ${p.siteKey} is not one of the quotation's sites`,
        });
      const master = await db('positions').where({ id: p.positionId }).whereNull('deleted_at').first();
      if (!master)
        errors.push({ field: `positions.${i}.positionId`, message: `position ${p.positionId} does not exist` });
      else if (master.entity_id !== quotation.entityId)
        errors.push({
          field: `positions.${i}.positionId`,
          message: `position ${p.positionId} belongs to another entity`,
        });
      // Allowances default to the catalogue's for the position's service line (and the position/entity when set).
      const allowances =
        p.allowances ??
        (master
          ? (
              await db('allowances')
                .whereNull('deleted_at')
                .where({ service_line_id: master.service_line_id })
                .where((w) => w.whereNull('position_id').orWhere('position_id', master.id))
                .where((w) => w.whereNull('entity_id').orWhere('entity_id', quotation.entityId))
                .orderBy('id')
                .select('name', 'amount', 'is_fixed')
            ).map((a: { name: string; amount: number; is_fixed: boolean }) => ({
              name: a.name,
              amount: a.amount,
              fixed: a.is_fixed,
            }))
          : []);
      data.positions.push({ ...p, allowances });
    }
  }
  const requireKeys = (
    list: Array<Record<string, any>>,
    field: string,
    keyName: 'key' | 'siteKey' | 'positionKey',
    known: Set<string>,
  ) =>
    list.forEach((entry, i) => {
      if (!known.has(entry[keyName]))
        errors.push({
          field: `${field}.${i}.${keyName}`,
          message: `${entry[keyName]} is not one of the quotation's ${keyName === 'siteKey' ? 'sites' : 'positions'}`,
        });
    });
  if (n === 4 || n === 5) {
    requireKeys(body.positions, 'positions', 'key', positionKeys);
    if (n === 4) {
      const missing = [...positionKeys].filter((k) => !body.positions.some((p: { key: string }) => p.key === k));
      if (missing.length)
        errors.push({ field: 'positions', message: `wages are missing for position(s) ${missing.join(', ')}` });
      if (quotation.contractKind === 'PKHL')
        body.positions.forEach((p: { wage: { dailyWage?: number } }, i: number) => {
          if (p.wage.dailyWage === undefined || p.wage.dailyWage === null)
            errors.push({
              field: `positions.${i}.wage.dailyWage`,
              message: 'a daily-paid (PKHL) quotation needs a daily wage',
            });
        });
    }
  }
  if (n === 6) requireKeys(body.applications, 'applications', 'siteKey', siteKeys);
  if (ITEM_GROUP[n]) {
    const { list, group } = ITEM_GROUP[n];
    requireKeys(body[list], list, n === 7 ? 'positionKey' : 'siteKey', n === 7 ? positionKeys : siteKeys);
    const items = await db('items as i')
      .join('item_categories as c', 'c.id', 'i.category_id')
      .whereIn(
        'i.id',
        body[list].map((l: { itemId: number }) => l.itemId),
      )
      .whereNull('i.deleted_at')
      .select('i.id', 'i.name', 'i.price', 'i.useful_life_months', 'c.group');
    data[list] = body[list].map((line: Record<string, any>, i: number) => {
      const item = items.find((it: { id: number }) => it.id === line.itemId);
      if (!item) errors.push({ field: `${list}.${i}.itemId`, message: `item ${line.itemId} does not exist` });
      else if (item.group !== group)
        errors.push({ field: `${list}.${i}.itemId`, message: `item ${line.itemId} is not a ${group} item` });
      return {
        ...line,
        name: item?.name,
        price: line.price ?? item?.price,
        usefulLifeMonths: line.usefulLifeMonths ?? item?.useful_life_months ?? null,
      };
    });
    if (n === 10 && body.trainingIds.length) {
      const found: number[] = await db('trainings').whereIn('id', body.trainingIds).whereNull('deleted_at').pluck('id');
      body.trainingIds.forEach(
        (t: number, i: number) =>
          found.includes(t) || errors.push({ field: `trainingIds.${i}`, message: `training ${t} does not exist` }),
      );
    }
  }
  if (errors.length) throw invalid(errors);
  return data;
}

export function stepData(steps: QuotationSteps, n: number): unknown {
  if (n === 1) return steps.contractKind ? { contractKind: steps.contractKind } : null;
  return steps[n as keyof QuotationSteps] ?? null;
}

// GET /api/quotations/:id/diff/:otherId
export async function getQuotationsDiffById(deps: ServiceDeps, principal: Principal, { params }: ServiceInput) {
  const [a, b] = [
    await loadQuotation(deps, principal, params.id, 'read'),
    await loadQuotation(deps, principal, params.otherId, 'read'),
  ];
  const [stepsA, stepsB] = [await loadSteps(deps.knex, a.id), await loadSteps(deps.knex, b.id)];
  return {
    from: { id: a.id, number: a.number, version: a.version },
    to: { id: b.id, number: b.number, version: b.version },
    steps: diff(stepsA, stepsB),
    totals: diff(totalsOf(a.calculation), totalsOf(b.calculation)),
  };
}

// A step as the workflow will store it (with the quotation, loaded once for the command): the quotation readable
// and editable by the caller, step 3 saved before the later steps, references checked and catalogue names and
// prices filled in.
export async function prepareStepSave(
  deps: ServiceDeps,
  principal: Principal,
  quotationId: number,
  n: number,
  fields: Record<string, any>,
) {
  const quotation = await loadQuotation(deps, principal, quotationId, 'update');
  const steps = await loadSteps(deps.knex, quotation.id, quotation.contractKind);
  if (n > 3 && !steps[3]) throw conflict(`step ${n} needs the positions of step 3 first`);
  const { id, entityId, contractKind } = quotation;
  return { quotation, data: await prepareStep(deps.knex, n, fields, { id, entityId, contractKind }, steps) };
}

// The quotation's totals as last priced.
export async function quotationTotals(knex: Knex, quotationId: number) {
  // Only the totals leave the database: a large quotation's calculation holds every position's figures.
  const saved = await knex('quotations')
    .where({ id: quotationId })
    .first(
      knex.raw(
        `CASE WHEN calculation IS NULL THEN NULL ELSE jsonb_strip_nulls(jsonb_build_object(
           'priced', calculation->'priced', 'reason', calculation->'reason', 'pricingPolicy', calculation->'pricingPolicy',
           'result', jsonb_build_object('hpp', calculation#>'{result,hpp}', 'coss', calculation#>'{result,coss}'))) END
         AS calculation`,
      ),
    );
  return totalsOf(saved?.calculation ?? null);
}

export const siteKeyErrors = (steps: QuotationSteps, from: string, to: string): FieldError[] => {
  const keys = new Set((steps[3]?.sites ?? []).map((site) => site.key));
  const errors: FieldError[] = [];
  if (!keys.has(from))
    errors.push({ field: 'fromSiteKey', message: `site ${from} is not one of the quotation's sites` });
  if (!keys.has(to)) errors.push({ field: 'toSiteKey', message: `site ${to} is not one of the quotation's sites` });
  if (!errors.length && from === to)
    errors.push({ field: 'toSiteKey', message: 'a site cannot be copied onto itself' });
  return errors;
};

// GET /api/quotations/:id/steps/:step/suggestion (steps 7–9): the step filled in from the catalogue's default
// quantities for the service lines of the quotation's positions, ready to adjust and save.
export async function getQuotationsStepSuggestion(deps: ServiceDeps, principal: Principal, { params }: ServiceInput) {
  const q = await loadQuotation(deps, principal, params.id, 'read');
  const layout = (await loadSteps(deps.knex, q.id))[3];
  if (!layout) throw conflict(`step ${params.step} is suggested from the positions of step 3: save step 3 first`);
  const step = params.step as SuggestedStep;
  const positions: Array<{ id: number; service_line_id: number }> = await deps
    .knex('positions')
    .whereIn(
      'id',
      layout.positions.map((p) => p.positionId),
    )
    .select('id', 'service_line_id');
  const lines = new Map(positions.map((p) => [p.id, p.service_line_id]));
  const defaults: DefaultQuantity[] = (
    await deps
      .knex('item_service_quantities as q')
      .join('items as i', 'i.id', 'q.item_id')
      .join('item_categories as c', 'c.id', 'i.category_id')
      .whereNull('i.deleted_at')
      .where('c.group', ITEM_GROUP_OF_STEP[step])
      .whereIn('q.service_line_id', [...new Set(lines.values())])
      .orderBy(['i.sort_order', 'i.id'])
      .select('q.item_id as itemId', 'q.service_line_id as serviceLineId', 'q.quantity')
  ).map((d: DefaultQuantity) => ({ ...d, quantity: Number(d.quantity) }));
  return { step, data: suggestedStep(step, layout, lines, defaults) };
}

// The amounts entered by hand in place of computed ones (step 4), each with who saved it and when.
async function manualOverrides(knex: Knex, quotationId: number) {
  const step = await knex('quotation_steps as s')
    .leftJoin('users as u', 'u.id', 's.saved_by')
    .where({ 's.quotation_id': quotationId, 's.step': 4 })
    .first('s.data', 's.saved_at as savedAt', 'u.full_name as savedBy');
  return ((step?.data as QuotationSteps[4] | undefined)?.positions ?? []).flatMap((p) =>
    Object.entries(p.overrides ?? {})
      .filter(([, amount]) => amount !== null && amount !== undefined)
      .map(([field, amount]) => ({ positionKey: p.key, field, amount, setBy: step.savedBy, setAt: step.savedAt })),
  );
}

// GET /api/quotations/:id/calculation
export async function getQuotationsCalculation(deps: ServiceDeps, principal: Principal, { params }: ServiceInput) {
  const q = await loadQuotation(deps, principal, params.id, 'read');
  const calculation = q.calculation;
  if (!calculation || !calculation.priced)
    throw conflict(
      calculation && !calculation.priced
        ? calculation.reason
        : 'the quotation has not been priced yet: save steps 3 and 4',
    );
  return {
    quotationId: q.id,
    number: q.number,
    version: q.version,
    asOf: calculation.asOf,
    overrides: await manualOverrides(deps.knex, q.id),
    pricingPolicy: calculation.pricingPolicy ?? 'minimum-wage',
    workingDaysPerMonth: calculation.workingDaysPerMonth ?? null,
    ...(calculation.result as object),
  };
}
