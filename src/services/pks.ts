// PKS, the partnership agreement (domain/contracts.md §5–§8): made from signed SPKs' sites, one run per PKS;
// sign-off, checklist, the signed copy and activation are workflow Updates; lists and views read the projection.
import type { ServiceDeps, ServiceInput } from './deps';
import type { Principal } from '../auth/principal';
import { requireAbility, requireRowAbility } from '../auth/guards';
import { findLead } from '../db/leads';
import { availableSites, listPks, pksById, pksDashboard, pksDetail } from '../db/pks';
import { agreementData } from '../db/pks-agreement';
import { quotationSites } from '../db/quotation-sites';
import { loadQuotation } from './quotations';

export async function loadPks(deps: ServiceDeps, principal: Principal, pksId: number, action: 'read' | 'update') {
  return requireRowAbility(principal, action, 'Pks', await pksById(deps.knex, pksId), `PKS ${pksId}`);
}

// GET /api/pks/available-sites
export async function getPksAvailableSites(deps: ServiceDeps, principal: Principal, { query }: ServiceInput) {
  requireRowAbility(principal, 'read', 'Lead', await findLead(deps.knex, query.leadId), `lead ${query.leadId}`);
  return { data: await availableSites(deps.knex, query.leadId) };
}

// GET /api/pks/available-quotation-sites: the site picker of a renewal or addendum — the sites its quotation prices
// that no live contract holds.
export async function getPksAvailableQuotationSites(deps: ServiceDeps, principal: Principal, { query }: ServiceInput) {
  const quotation = await loadQuotation(deps, principal, query.quotationId, 'read');
  const taken: string[] = await deps
    .knex('pks_sites')
    .where({ quotation_id: quotation.id })
    .whereNull('released_at')
    .pluck('site_key');
  const sites = await quotationSites(deps.knex, quotation.id);
  return { data: sites.filter((site) => !taken.includes(site.siteKey)) };
}

// GET /api/pks
export async function getPks(deps: ServiceDeps, principal: Principal, { query }: ServiceInput) {
  requireAbility(principal, 'read', 'Pks');
  return listPks(deps.knex, principal, query);
}

// GET /api/pks/dashboard
export async function getPksDashboard(deps: ServiceDeps, principal: Principal, { query }: ServiceInput) {
  requireAbility(principal, 'read', 'Pks');
  return pksDashboard(deps.knex, principal, query);
}

// GET /api/pks/:id
export async function getPksById(deps: ServiceDeps, principal: Principal, { params }: ServiceInput) {
  const pks = await loadPks(deps, principal, params.id, 'read');
  return pksDetail(deps.knex, pks);
}

// GET /api/pks/:id/agreement-data
export async function getPksAgreementData(deps: ServiceDeps, principal: Principal, { params }: ServiceInput) {
  const pks = await loadPks(deps, principal, params.id, 'read');
  return agreementData(deps.knex, pks.id);
}
