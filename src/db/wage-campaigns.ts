// Wage campaigns as stored: the regions a decree covers, the contracts and quotations it reaches (found once, each
// an item), pricing them again in batches, and drafting an addendum quotation per contract that costs more.
import type { Knex } from 'knex';
import type { PricingDefaults } from '../domain/quotation/pricing-input';
import {
  impactOf,
  repricedSteps,
  adjustmentSteps,
  type DecreeRegions,
  type PricedResult,
} from '../domain/wage-campaign';
import { quotationRunOptions, type QuotationRunOptions } from '../temporal/quotation-run-options';
import { Quotation } from './models/quotation';
import { insertVersion } from './quotation-versions';
import { calculate, loadSteps, type Calculation } from './quotation-pricing';

const OPEN_QUOTATION = ['draft', 'submitted', 'approved'];

// The UMP provinces and UMK cities decided from `validFrom` (sectoral minimums do not price quotations).
export async function decreeRegions(db: Knex | Knex.Transaction, validFrom: string): Promise<DecreeRegions> {
  const rows: Array<{ kind: string; province_code: string; city_code: string | null }> = await db('minimum_wages')
    .where({ valid_from: validFrom })
    .whereIn('kind', ['ump', 'umk'])
    .select('kind', 'province_code', 'city_code');
  return {
    provinces: [...new Set(rows.filter((r) => r.kind === 'ump').map((r) => r.province_code))].sort(),
    cities: [...new Set(rows.filter((r) => r.kind === 'umk').map((r) => r.city_code!))].sort(),
  };
}

// Whether quotation `q` has a site in the regions (step 3's sites).
const COVERED = `EXISTS (SELECT 1 FROM quotation_steps st CROSS JOIN LATERAL jsonb_array_elements(st.data->'sites') AS s(site)
  WHERE st.quotation_id = q.id AND st.step = 3
    AND (s.site->>'cityCode' = ANY(?::text[]) OR s.site->>'provinceCode' = ANY(?::text[])))`;

// Records every active contract (by the quotation that priced it) and open quotation with a site in the campaign's
// regions, once: a retry finds them recorded. Answers how many the campaign holds.
export async function recordCampaignTargets(knex: Knex, campaignId: number): Promise<number> {
  const campaign = await knex('wage_campaigns').where({ id: campaignId }).first();
  const regions = campaign.regions as DecreeRegions;
  const covered = [regions.cities, regions.provinces];
  await knex.raw(
    `INSERT INTO wage_campaign_items (campaign_id, subject_type, subject_id, quotation_id, lead_id)
     SELECT ?::int, 'contract', p.id, p.primary_quotation_id, p.lead_id FROM pks p JOIN quotations q ON q.id = p.primary_quotation_id
      WHERE p.status = 'active' AND p.type IN ('baru', 'rekontrak') AND ${COVERED}
     UNION ALL
     SELECT ?::int, 'quotation', q.id, q.id, q.lead_id FROM quotations q
      WHERE q.status = ANY(?::text[]) AND ${COVERED}
     ON CONFLICT (campaign_id, subject_type, subject_id) DO NOTHING`,
    [campaignId, ...covered, campaignId, OPEN_QUOTATION, ...covered],
  );
  const [{ n }] = await knex('wage_campaign_items').where({ campaign_id: campaignId }).count({ n: '*' });
  return Number(n);
}

export interface CampaignCounts {
  targets: number;
  pending: number;
  priced: number;
  unpriceable: number;
  drafted: number;
}

export async function campaignCounts(db: Knex | Knex.Transaction, campaignId: number): Promise<CampaignCounts> {
  const rows: Array<{ status: string; n: string }> = await db('wage_campaign_items')
    .where({ campaign_id: campaignId })
    .groupBy('status')
    .select('status', db.raw('count(*) as n'));
  const count = (status: string) => Number(rows.find((r) => r.status === status)?.n ?? 0);
  return {
    targets: rows.reduce((sum, r) => sum + Number(r.n), 0),
    pending: count('pending'),
    priced: count('priced'),
    unpriceable: count('unpriceable'),
    drafted: count('drafted'),
  };
}

// Prices up to `limit` pending items again at the decree's wages, each with its impact, in one transaction (items
// locked, so two workers never price the same one). A quotation that cannot be priced is recorded as such.
export async function priceCampaignBatch(
  knex: Knex,
  campaignId: number,
  limit: number,
  pricing: PricingDefaults,
): Promise<CampaignCounts> {
  await knex.transaction(async (trx) => {
    const campaign = await trx('wage_campaigns').where({ id: campaignId }).first('valid_from');
    const items = await trx('wage_campaign_items')
      .where({ campaign_id: campaignId, status: 'pending' })
      .orderBy('id')
      .limit(limit)
      .forUpdate()
      .skipLocked();
    for (const item of items) {
      const quotation = await trx('quotations').where({ id: item.quotation_id }).first('calculation');
      const before = quotation.calculation as Calculation | null;
      const after = await calculate(
        trx,
        repricedSteps(await loadSteps(trx, item.quotation_id), campaign.valid_from),
        pricing,
      );
      if (!before?.priced || !after.priced) {
        const reason = !before?.priced ? 'the quotation was never priced' : after.priced ? '' : after.reason;
        await trx('wage_campaign_items')
          .where({ id: item.id })
          .update({ status: 'unpriceable', note: reason.slice(0, 500), priced_at: trx.fn.now() });
        continue;
      }
      const impact = impactOf(before.result as PricedResult, after.result as PricedResult);
      await trx('wage_campaign_items')
        .where({ id: item.id })
        .update({
          status: 'priced',
          old_invoice: impact.oldInvoice,
          new_invoice: impact.newInvoice,
          old_margin_percent: impact.oldMarginPercent,
          new_margin_percent: impact.newMarginPercent,
          sites: JSON.stringify(impact.sites),
          priced_at: trx.fn.now(),
        });
    }
  });
  return campaignCounts(knex, campaignId);
}

// Contracts of the campaign that cost more at the new wage and have no addendum yet.
export function contractsToAmend(knex: Knex, campaignId: number, limit: number): Promise<number[]> {
  return knex('wage_campaign_items')
    .where({ campaign_id: campaignId, subject_type: 'contract', status: 'priced' })
    .whereRaw('new_invoice > old_invoice')
    .orderBy('id')
    .limit(limit)
    .pluck('id');
}

// Drafts the price-change addendum of one contract item (its whole content from the decree's date to the contract's
// end) and links it, in one transaction; answers how to start its run. A retry after the commit finds it linked and
// answers the same.
export async function draftAdjustmentAddendum(
  knex: Knex,
  itemId: number,
  userId: number,
  pricing: PricingDefaults,
): Promise<QuotationRunOptions> {
  return knex.transaction(async (trx) => {
    const item = await trx('wage_campaign_items').where({ id: itemId }).forUpdate().first();
    if (item.addendum_quotation_id) {
      const made = await Quotation.query(trx).findById(item.addendum_quotation_id);
      return quotationRunOptions(trx, made!.toRecord());
    }
    const campaign = await trx('wage_campaigns').where({ id: item.campaign_id }).first('valid_from');
    const pks = await trx('pks').where({ id: item.subject_id }).first('number', 'contract_end', 'sales_user_id');
    const reference = (await Quotation.query(trx).findById(item.quotation_id))!;
    const steps = adjustmentSteps(await loadSteps(trx, reference.id), campaign.valid_from, pks.contract_end);
    const addendum = await insertVersion(
      trx,
      reference,
      {
        type: 'addendum',
        steps,
        step: reference.step,
        salesUserId: pks.sales_user_id ?? userId,
        userId,
        reason: `Penyesuaian upah minimum ${campaign.valid_from} untuk PKS ${pks.number}`,
      },
      pricing,
    );
    await trx('wage_campaign_items')
      .where({ id: item.id })
      .update({ status: 'drafted', addendum_quotation_id: addendum.id });
    return quotationRunOptions(trx, addendum.toRecord());
  });
}
