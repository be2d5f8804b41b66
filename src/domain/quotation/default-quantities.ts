// Steps 7–9 filled in from the catalogue's default quantities per item and service line: what a quotation's
// positions would usually need, for the client to show and the user to adjust before saving. Pure.
import type { Step3Positions } from './steps';

export type SuggestedStep = 7 | 8 | 9;
export const ITEM_GROUP_OF_STEP: Record<SuggestedStep, 'kaporlap' | 'device' | 'chemical'> = {
  7: 'kaporlap',
  8: 'device',
  9: 'chemical',
};

export interface DefaultQuantity {
  itemId: number;
  serviceLineId: number;
  quantity: number;
}

// Step 7 per position (each person is equipped); steps 8 and 9 per site, from the service lines of the positions
// working there, the larger quantity where two lines name the same item.
export function suggestedStep(
  step: SuggestedStep,
  layout: Step3Positions,
  serviceLineOfPosition: Map<number, number>,
  defaults: DefaultQuantity[],
) {
  const forLine = (line: number | undefined) => defaults.filter((d) => d.serviceLineId === line);
  if (step === 7)
    return {
      kaporlap: layout.positions.flatMap((p) =>
        forLine(serviceLineOfPosition.get(p.positionId)).map((d) => ({
          positionKey: p.key,
          itemId: d.itemId,
          quantity: d.quantity,
        })),
      ),
    };
  const items = layout.sites.flatMap((site) => {
    const lines = new Set(
      layout.positions.filter((p) => p.siteKey === site.key).map((p) => serviceLineOfPosition.get(p.positionId)),
    );
    const quantities = new Map<number, number>();
    for (const d of defaults.filter((d) => lines.has(d.serviceLineId)))
      quantities.set(d.itemId, Math.max(quantities.get(d.itemId) ?? 0, d.quantity));
    return [...quantities].map(([itemId, quantity]) => ({ siteKey: site.key, itemId, quantity }));
  });
  return step === 8 ? { devices: items } : { chemicals: items };
}
