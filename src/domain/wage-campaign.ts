// The annual wage-adjustment campaign's rules (issue 16), pure: which sites a decree covers, the steps a contract is
// priced again with (the same content, its wage date moved to the decree's), and what the new price does to the
// invoice, the margin and each site.
import type { QuotationSteps } from './quotation/steps';

export interface DecreeRegions {
  provinces: string[]; // UMP decided
  cities: string[]; // UMK decided
}

// The same quotation priced from the decree's date: its wages are the ones in force then; term and duration stay, so
// one-off costs are spread as before and only the wage (and what follows from it) moves.
export function repricedSteps(steps: QuotationSteps, validFrom: string): QuotationSteps {
  if (!steps[2]) return steps;
  return { ...steps, 2: { ...steps[2], startDate: validFrom } };
}

// A price-change addendum: the contract's whole content, from the decree's date to the contract's end.
export function adjustmentSteps(steps: QuotationSteps, validFrom: string, contractEnd: string): QuotationSteps {
  if (!steps[2]) return steps;
  return { ...steps, 2: { ...steps[2], startDate: validFrom, endDate: contractEnd } };
}

// A stored calculation's result (pricingToJson: amounts as numbers).
type Amount = number | string;
export interface PricedResult {
  coss: { roundedInvoice: Amount; grossProfitMarginPercent: Amount };
  positions: Array<{ siteId: string | number; coss: { subtotal: Amount } }>;
}

export interface Impact {
  oldInvoice: number;
  newInvoice: number;
  oldMarginPercent: number;
  newMarginPercent: number;
  sites: Array<{ siteKey: string; oldCost: number; newCost: number; delta: number }>;
}

const cents = (n: number) => Math.round(n * 100) / 100;

function costBySite(result: PricedResult): Map<string, number> {
  const bySite = new Map<string, number>();
  for (const p of result.positions)
    bySite.set(String(p.siteId), cents((bySite.get(String(p.siteId)) ?? 0) + Number(p.coss.subtotal)));
  return bySite;
}

// Old against new: the monthly invoice and margin of the whole, and each site's monthly cost before the fee.
export function impactOf(before: PricedResult, after: PricedResult): Impact {
  const oldSites = costBySite(before);
  const newSites = costBySite(after);
  const keys = [...new Set([...oldSites.keys(), ...newSites.keys()])].sort();
  return {
    oldInvoice: Number(before.coss.roundedInvoice),
    newInvoice: Number(after.coss.roundedInvoice),
    oldMarginPercent: Number(before.coss.grossProfitMarginPercent),
    newMarginPercent: Number(after.coss.grossProfitMarginPercent),
    sites: keys.map((siteKey) => {
      const oldCost = oldSites.get(siteKey) ?? 0;
      const newCost = newSites.get(siteKey) ?? 0;
      return { siteKey, oldCost, newCost, delta: cents(newCost - oldCost) };
    }),
  };
}
