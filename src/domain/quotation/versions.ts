// Quotation types and versions (domain/quotation.md §4): what a revision, renewal or addendum copies from its
// reference, how a revision is numbered, copying one site's configuration onto another, and what changed between
// two quotations. Pure.
import type { QuotationSteps, SiteItem } from './steps';

export const QUOTATION_TYPES = ['baru', 'revisi', 'rekontrak', 'addendum'] as const;
export type QuotationType = (typeof QUOTATION_TYPES)[number];

// A revision keeps its root number and appends a suffix: QUOT/ION/AAAAA/012026-00001-R2.
export function revisionNumber(referenceNumber: string, revision: number): string {
  return `${rootNumber(referenceNumber)}-R${revision}`;
}

export function rootNumber(number: string): string {
  return number.replace(/-R\d+$/, '');
}

// The steps a new quotation starts from, and how far it counts as completed:
// - revisi: everything, as far as the reference got (it may be submitted as it is, or edited);
// - rekontrak: all content but the contract terms, to be confirmed step by step with new dates and current wages;
// - addendum: the contract kind and terms only; the added positions are priced on their own.
export function stepsForNewVersion(
  type: Exclude<QuotationType, 'baru'>,
  reference: QuotationSteps,
  referenceStep: number,
): { steps: QuotationSteps; step: number } {
  if (type === 'revisi') return { steps: reference, step: referenceStep };
  if (type === 'rekontrak') {
    const { 2: _terms, 12: _review, ...rest } = reference;
    return { steps: rest, step: reference.contractKind ? 1 : 0 };
  }
  return {
    steps: { contractKind: reference.contractKind, 2: reference[2] },
    step: reference[2] ? 2 : reference.contractKind ? 1 : 0,
  };
}

export class CopyError extends Error {}

// Copies the positions (with allowances, wages, social security, kaporlap) and the site items of one site onto
// another; copied positions get keys suffixed with the target site's key.
export function copySite(steps: QuotationSteps, fromSiteKey: string, toSiteKey: string): QuotationSteps {
  const layout = steps[3];
  if (!layout) throw new CopyError('the quotation has no sites yet (step 3)');
  for (const key of [fromSiteKey, toSiteKey])
    if (!layout.sites.some((s) => s.key === key))
      throw new CopyError(`site ${key} is not one of the quotation's sites`);
  if (fromSiteKey === toSiteKey) throw new CopyError('a site cannot be copied onto itself');
  const taken = new Set(layout.positions.map((p) => p.key));
  const keyMap = new Map<string, string>();
  for (const p of layout.positions.filter((p) => p.siteKey === fromSiteKey)) {
    let key = `${p.key}@${toSiteKey}`;
    for (let n = 2; taken.has(key); n++) key = `${p.key}@${toSiteKey}-${n}`;
    taken.add(key);
    keyMap.set(p.key, key);
  }
  const copyPositions = <T extends { key: string }>(list: T[]) => [
    ...list,
    ...list.filter((p) => keyMap.has(p.key)).map((p) => ({ ...p, key: keyMap.get(p.key)! })),
  ];
  const copyItems = (list: SiteItem[]) => [
    ...list,
    ...list.filter((i) => i.siteKey === fromSiteKey).map((i) => ({ ...i, siteKey: toSiteKey })),
  ];
  const result: QuotationSteps = {
    ...steps,
    3: {
      sites: layout.sites,
      positions: [
        ...layout.positions,
        ...layout.positions
          .filter((p) => keyMap.has(p.key))
          .map((p) => ({ ...p, key: keyMap.get(p.key)!, siteKey: toSiteKey })),
      ],
    },
  };
  if (steps[4]) result[4] = { ...steps[4], positions: copyPositions(steps[4].positions) };
  if (steps[5]) result[5] = { positions: copyPositions(steps[5].positions) };
  if (steps[6]) result[6] = { applications: copyItems(steps[6].applications) };
  if (steps[7])
    result[7] = {
      kaporlap: [
        ...steps[7].kaporlap,
        ...steps[7].kaporlap
          .filter((k) => keyMap.has(k.positionKey))
          .map((k) => ({ ...k, positionKey: keyMap.get(k.positionKey)! })),
      ],
    };
  if (steps[8]) result[8] = { devices: copyItems(steps[8].devices) };
  if (steps[9]) result[9] = { chemicals: copyItems(steps[9].chemicals) };
  if (steps[10]) result[10] = { ...steps[10], ohc: copyItems(steps[10].ohc) };
  return result;
}

// Only the named sites, with their positions and site items (contracts.md §4.7 NEW: a quotation sent back from
// an SPK carries just the sites that went back, not the whole original list).
export function keepSites(steps: QuotationSteps, siteKeys: string[]): QuotationSteps {
  const layout = steps[3];
  if (!layout) throw new CopyError('the quotation has no sites yet (step 3)');
  const unknown = siteKeys.filter((key) => !layout.sites.some((s) => s.key === key));
  if (unknown.length) throw new CopyError(`site(s) ${unknown.join(', ')} are not the quotation's`);
  const positions = layout.positions.filter((p) => siteKeys.includes(p.siteKey));
  const kept = new Set(positions.map((p) => p.key));
  const items = (list: SiteItem[]) => list.filter((i) => siteKeys.includes(i.siteKey));
  const result: QuotationSteps = {
    ...steps,
    3: { sites: layout.sites.filter((s) => siteKeys.includes(s.key)), positions },
  };
  if (steps[4]) result[4] = { ...steps[4], positions: steps[4].positions.filter((p) => kept.has(p.key)) };
  if (steps[5]) result[5] = { positions: steps[5].positions.filter((p) => kept.has(p.key)) };
  if (steps[6]) result[6] = { applications: items(steps[6].applications) };
  if (steps[7]) result[7] = { kaporlap: steps[7].kaporlap.filter((k) => kept.has(k.positionKey)) };
  if (steps[8]) result[8] = { devices: items(steps[8].devices) };
  if (steps[9]) result[9] = { chemicals: items(steps[9].chemicals) };
  if (steps[10]) result[10] = { ...steps[10], ohc: items(steps[10].ohc) };
  return result;
}

export interface Change {
  path: string;
  before: unknown;
  after: unknown;
}

// Every leaf that differs between two values, by path (arrays by index, objects by key).
export function diff(before: unknown, after: unknown, path = ''): Change[] {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
  if (isObject(before) && isObject(after) && Array.isArray(before) === Array.isArray(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((k) => diff(before[k], after[k], path ? `${path}.${k}` : k));
  }
  return JSON.stringify(before) === JSON.stringify(after)
    ? []
    : [{ path, before: before ?? null, after: after ?? null }];
}
