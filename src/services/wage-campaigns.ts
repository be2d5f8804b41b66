// The annual wage-adjustment campaign through the API (issue 16): start one for a recorded UMP/UMK decree, follow
// it, read its impact report (JSON or XLSX), ask it to draft the addendum quotations or to close, cancel it.
import type { Knex } from 'knex';
import { WorkflowIdConflictPolicy } from '@temporalio/common';
import { callTemporal } from '../temporal/temporal-call';
import { requireAbility } from '../auth/guards';
import type { Principal } from '../auth/principal';
import { paginate } from '../db/listing';
import { isUniqueViolation } from '../db/references';
import { campaignCounts, decreeRegions } from '../db/wage-campaigns';
import { conflict, invalid, notFound } from '../errors';
import type { wageCampaignWorkflow } from '../../workflows/wage-campaign';
import {
  closeCampaignSignal,
  requestAddendaSignal,
  wageCampaignWorkflowId,
} from '../../workflows/wage-campaign-contract';
import type { ServiceDeps, ServiceInput } from './deps';

const LIVE = ['running', 'priced', 'drafting'];

// A Temporal call with the API's deadline: no server answering in time is a 503, not a hung request.
const temporalCall = <T>(deps: ServiceDeps, what: string, fn: () => Promise<T>) =>
  callTemporal(what, deps.config.updateTimeoutMs, deps.temporal.withDeadline.bind(deps.temporal), fn);

async function campaignRow(knex: Knex, id: number) {
  const row = await knex('wage_campaigns').where({ id }).first();
  if (!row) throw notFound(`wage campaign ${id}`);
  return row;
}

// The campaign with its counts and the monthly invoice totals before and after.
async function campaignView(knex: Knex, id: number) {
  const row = await campaignRow(knex, id);
  const [totals] = await knex('wage_campaign_items')
    .where({ campaign_id: id })
    .whereNotNull('new_invoice')
    .select(
      knex.raw(`coalesce(sum(old_invoice) filter (where subject_type = 'contract'), 0) as "contractsOldInvoice"`),
      knex.raw(`coalesce(sum(new_invoice) filter (where subject_type = 'contract'), 0) as "contractsNewInvoice"`),
    );
  const oldInvoice = Number(totals.contractsOldInvoice);
  const newInvoice = Number(totals.contractsNewInvoice);
  return {
    id: row.id,
    validFrom: row.valid_from,
    status: row.status,
    regions: row.regions,
    startedBy: row.started_by,
    startedAt: row.started_at,
    addendaRequestedBy: row.addenda_requested_by,
    finishedAt: row.finished_at,
    workflowId: wageCampaignWorkflowId(row.id),
    counts: await campaignCounts(knex, row.id),
    contracts: { oldMonthlyInvoice: oldInvoice, newMonthlyInvoice: newInvoice, delta: newInvoice - oldInvoice },
  };
}

// POST /api/wage-campaigns
export async function postWageCampaigns(deps: ServiceDeps, principal: Principal, { body }: ServiceInput) {
  requireAbility(principal, 'update', 'MasterData');
  const regions = await decreeRegions(deps.knex, body.validFrom);
  if (!regions.provinces.length && !regions.cities.length)
    throw invalid([{ field: 'validFrom', message: `no UMP or UMK decree is recorded from ${body.validFrom}` }]);
  const id = await deps.knex.transaction(async (trx) => {
    const [row] = await trx('wage_campaigns')
      .insert({ valid_from: body.validFrom, regions: JSON.stringify(regions), started_by: principal.userId })
      .returning('id')
      .catch((error) => {
        if (isUniqueViolation(error))
          throw conflict(`a campaign for the decree of ${body.validFrom} is already under way`, [
            { field: 'validFrom', message: 'a campaign for this decree is under way' },
          ]);
        throw error;
      });
    // Started inside the transaction: if Temporal refuses, no campaign is recorded.
    await temporalCall(deps, 'wage campaign', () =>
      deps.temporal.workflow.start<typeof wageCampaignWorkflow>('wageCampaignWorkflow', {
        taskQueue: deps.config.taskQueue,
        workflowId: wageCampaignWorkflowId(row.id),
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        args: [{ campaignId: row.id, validFrom: body.validFrom }],
        staticSummary: `Wage campaign: UMP/UMK from ${body.validFrom}`,
        staticDetails: `Provinces (UMP): ${regions.provinces.join(', ') || '-'}\nCities (UMK): ${regions.cities.join(', ') || '-'}`,
      }),
    );
    return row.id as number;
  });
  return campaignView(deps.knex, id);
}

// GET /api/wage-campaigns
export async function getWageCampaigns(deps: ServiceDeps, principal: Principal, { query }: ServiceInput) {
  requireAbility(principal, 'read', 'MasterData');
  return paginate(
    deps
      .knex('wage_campaigns')
      .orderBy('id', 'desc')
      .select('id', 'valid_from as validFrom', 'status', 'started_at as startedAt', 'finished_at as finishedAt'),
    query.page,
    query.pageSize,
  );
}

// GET /api/wage-campaigns/:id
export async function getWageCampaignsById(deps: ServiceDeps, principal: Principal, { params }: ServiceInput) {
  requireAbility(principal, 'read', 'MasterData');
  return campaignView(deps.knex, params.id);
}

// GET /api/wage-campaigns/:id/impact: per contract or quotation, old and new monthly invoice and margin, and sites.
export async function impactRows(knex: Knex, campaignId: number, query: { page: number; pageSize: number }) {
  await campaignRow(knex, campaignId);
  const rows = knex('wage_campaign_items as i')
    .join('leads as l', 'l.id', 'i.lead_id')
    .leftJoin('pks as p', (j) => j.on('p.id', 'i.subject_id').andOnVal('i.subject_type', 'contract'))
    .join('quotations as q', 'q.id', 'i.quotation_id')
    .leftJoin('quotations as a', 'a.id', 'i.addendum_quotation_id')
    .where('i.campaign_id', campaignId)
    .orderByRaw('(i.new_invoice - i.old_invoice) desc nulls last, i.id')
    .select(
      'i.subject_type as subjectType',
      'i.subject_id as subjectId',
      knex.raw('coalesce(p.number, q.number) as number'),
      'l.company_name as customerName',
      'i.status',
      knex.raw('i.old_invoice::float as "oldInvoice"'),
      knex.raw('i.new_invoice::float as "newInvoice"'),
      knex.raw('(i.new_invoice - i.old_invoice)::float as delta'),
      knex.raw('i.old_margin_percent::float as "oldMarginPercent"'),
      knex.raw('i.new_margin_percent::float as "newMarginPercent"'),
      'i.sites',
      'i.note',
      'a.number as addendumNumber',
    );
  return paginate<Record<string, unknown>>(rows, query.page, query.pageSize);
}

// POST /api/wage-campaigns/:id/addenda and /close: what the campaign does once its impact is known.
export async function signalWageCampaign(
  deps: ServiceDeps,
  principal: Principal,
  id: number,
  what: 'addenda' | 'close',
) {
  requireAbility(principal, 'update', 'MasterData');
  const row = await campaignRow(deps.knex, id);
  if (!['running', 'priced'].includes(row.status))
    throw conflict(`the campaign is ${row.status}; it takes no more requests`);
  const handle = deps.temporal.workflow.getHandle(wageCampaignWorkflowId(id));
  await temporalCall(deps, 'wage campaign', () =>
    what === 'addenda'
      ? handle.signal(requestAddendaSignal, { userId: principal.userId })
      : handle.signal(closeCampaignSignal),
  );
  return campaignView(deps.knex, id);
}

// POST /api/wage-campaigns/:id/cancel
export async function cancelWageCampaign(deps: ServiceDeps, principal: Principal, { params }: ServiceInput) {
  requireAbility(principal, 'update', 'MasterData');
  const row = await campaignRow(deps.knex, params.id);
  if (!LIVE.includes(row.status)) throw conflict(`the campaign is ${row.status}`);
  await temporalCall(deps, 'wage campaign', () =>
    deps.temporal.workflow.getHandle(wageCampaignWorkflowId(row.id)).cancel(),
  );
  return campaignView(deps.knex, row.id);
}
