// Test fixtures: quotations reached over HTTP the way users get there (the 12 steps, submission, Director of Sales
// approval; a 7-day term and provisioned THR need no second level).
import type { Stack } from './stack';

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

export async function guardPosition(stack: Stack): Promise<number> {
  const admin = (await stack.tokenFor('superadmin')).token;
  const gsu = (await stack.knex('entities').where({ code: 'GSU' }).first()).id;
  const position = await stack.request('POST', '/api/master/positions', {
    token: admin,
    body: {
      name: `Guard ${Math.random().toString(36).slice(2)}`,
      description: 'Guard',
      entityId: gsu,
      serviceLineId: 1,
    },
  });
  return position.body.id;
}

// Saves steps `from`..12 of a quotation with one guard position per layout position.
export async function fillSteps(
  stack: Stack,
  token: string,
  id: number,
  options: {
    positionId: number;
    from?: number;
    layout?: SiteLayout;
    period?: { start: string; end: string };
    items?: { 7?: object; 8?: object; 9?: object };
  },
): Promise<void> {
  const layout = options.layout ?? TWO_SITES;
  const period = options.period ?? { start: '2026-01-01', end: '2026-12-31' };
  const put = async (n: number, body: object) => {
    const r = await stack.request('PUT', `/api/quotations/${id}/steps/${n}`, { token, body });
    if (r.status !== 200) throw new Error(`step ${n}: ${r.status} ${JSON.stringify(r.body)}`);
  };
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
  for (const [n, body] of steps) if (n >= (options.from ?? 1)) await put(n, body);
}

export async function submitAndApprove(stack: Stack, token: string, id: number): Promise<void> {
  const submitted = await stack.request('POST', `/api/quotations/${id}/submit`, { token });
  if (submitted.body.pendingRole !== 'dir_sales') throw new Error(`submit: ${JSON.stringify(submitted.body)}`);
  const director = (await stack.tokenFor('dir_sales')).token;
  const approved = await stack.request('POST', `/api/quotations/${id}/decisions`, {
    token: director,
    body: { decision: 'approve' },
  });
  if (approved.body.status !== 'approved') throw new Error(`approve: ${JSON.stringify(approved.body)}`);
}

// An approved quotation with two sites (Bekasi: 3 guards, Jakarta: 2) for a new lead, with items if given.
export async function approvedQuotation(
  stack: Stack,
  sales: string,
  items?: { 7?: object; 8?: object; 9?: object },
): Promise<{ quotationId: number; leadId: number }> {
  const positionId = await guardPosition(stack);
  const gsu = (await stack.knex('entities').where({ code: 'GSU' }).first()).id;
  const lead = await stack.createLead(sales);
  const quotation = await stack.request('POST', '/api/quotations', {
    token: sales,
    body: { leadId: lead.id, entityId: gsu },
  });
  const id = quotation.body.id;
  await fillSteps(stack, sales, id, { positionId, items });
  await submitAndApprove(stack, sales, id);
  return { quotationId: id, leadId: lead.id };
}
