// What a new PKS is made from (contracts.md §5, §8, §9), checked against the data: a first contract from signed SPK
// sites of one lead, a renewal or addendum from an active contract and its approved quotation.
import { subject as asSubject } from '@casl/ability';
import type { Knex } from 'knex';
import type { Principal } from '../auth/principal';
import { findLead } from '../db/leads';
import { availableSites } from '../db/pks';
import { quotationSites } from '../db/quotation-sites';
import { applyReadScope } from '../db/read-scope';
import type { PksType } from '../domain/pks';
import { conflict, invalid, type FieldError } from '../errors';

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
export interface PksSource {
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
  const taken: string[] = await knex('pks_sites')
    .where({ quotation_id: quotation.id })
    .whereNull('released_at')
    .pluck('site_key');
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

// The checked source of a new PKS, or a 422 naming every field that does not fit.
export async function resolvePksSource(
  knex: Knex,
  principal: Principal,
  body: Record<string, any>,
): Promise<PksSource> {
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
  return source;
}
