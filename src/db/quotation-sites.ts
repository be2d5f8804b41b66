// The sites a quotation prices (step 3) with the headcount of their positions: what SPKs, renewals and addenda
// turn into work-order and contract sites.
import type { Knex } from 'knex';
import { loadSteps } from './quotation-pricing';

export interface QuotationSite {
  siteKey: string;
  name: string;
  provinceCode: string;
  cityCode: string;
  address: string | null;
  headcount: number;
}

export async function quotationSites(db: Knex | Knex.Transaction, quotationId: number): Promise<QuotationSite[]> {
  const steps = await loadSteps(db, quotationId);
  return (steps[3]?.sites ?? []).map((site) => ({
    siteKey: site.key,
    name: site.name,
    provinceCode: site.provinceCode,
    cityCode: site.cityCode,
    address: site.address ?? null,
    headcount: (steps[3]?.positions ?? []).filter((p) => p.siteKey === site.key).reduce((n, p) => n + p.hc, 0),
  }));
}
