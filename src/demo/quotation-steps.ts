// The 12 steps of a plain guard quotation (one position per site, regional minimum wage, provisioned THR, a 7-day
// payment term), saved over the API: used by the demo seed and by the test fixtures.
import { commandResult, type Request } from './client';

export interface SiteLayout {
  sites: Array<{ key: string; name: string; provinceCode: string; cityCode: string; address?: string }>;
  positions: Array<{ key: string; siteKey: string; hc: number }>;
}

export const TWO_SITES: SiteLayout = {
  sites: [
    { key: 'bks', name: 'Gudang Bekasi', provinceCode: '32', cityCode: '32.75', address: 'Jl. Industri 1' },
    { key: 'jkt', name: 'Kantor Jakarta', provinceCode: '31', cityCode: '31.71' },
  ],
  positions: [
    { key: 'g1', siteKey: 'bks', hc: 3 },
    { key: 'g2', siteKey: 'jkt', hc: 2 },
  ],
};

export interface StepOptions {
  positionId: number;
  from?: number;
  until?: number;
  layout?: SiteLayout;
  period?: { start: string; end: string };
  items?: { 7?: object; 8?: object; 9?: object };
}

// Saves steps `from`..`until` (1..12 by default) of a quotation.
export async function fillSteps(request: Request, token: string, id: number, options: StepOptions): Promise<void> {
  const layout = options.layout ?? TWO_SITES;
  const period = options.period ?? { start: '2026-01-01', end: '2026-12-31' };
  const pay = (key: string) => ({
    key,
    wage: { basis: 'umk' },
    thr: { mode: 'provisioned' },
    compensation: { mode: 'provisioned' },
    holidayAllowance: { mode: 'none' },
    overtime: { mode: 'none' },
  });
  const steps: Array<[number, object]> = [
    [1, { contractKind: 'PKWT' }],
    [
      2,
      {
        startDate: period.start,
        endDate: period.end,
        duration: { value: 12, unit: 'bulan' },
        salaryRuleId: 1,
        top: { kind: 'days', days: 7 },
      },
    ],
    [3, { sites: layout.sites, positions: layout.positions.map((p) => ({ ...p, positionId: options.positionId })) }],
    [
      4,
      {
        positions: layout.positions.map((p) => pay(p.key)),
        managementFee: { base: 7, percent: 10 },
        ppn: true,
        taxBasis: 'management_fee',
      },
    ],
    [5, { positions: [{ key: layout.positions[0].key, guarantor: 'bpjs', enabled: true, riskClass: 'low' }] }],
    [6, { applications: [] }],
    [7, options.items?.[7] ?? { kaporlap: [] }],
    [8, options.items?.[8] ?? { devices: [] }],
    [9, options.items?.[9] ?? { chemicals: [] }],
    [10, { ohc: [] }],
    [11, { clauses: [], reviewed: true }],
    [12, { confirmed: true }],
  ];
  for (const [n, body] of steps)
    if (n >= (options.from ?? 1) && n <= (options.until ?? 12))
      await commandResult(
        request,
        token,
        await request('PUT', `/api/quotations/${id}/steps/${n}`, { token, body }),
        `step ${n}`,
      );
}
