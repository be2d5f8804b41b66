// Test fixture: an approved quotation with two sites, reached over HTTP the way users get there (all 12 steps,
// submission, Director of Sales approval; a 7-day term and provisioned THR need no second level).
import type { Stack } from './stack';

export async function approvedQuotation(stack: Stack, sales: string): Promise<{ quotationId: number; leadId: number }> {
  const admin = (await stack.tokenFor('superadmin')).token;
  const gsu = (await stack.knex('entities').where({ code: 'GSU' }).first()).id;
  const position = await stack.request('POST', '/api/master/positions', { token: admin, body: { name: `Guard ${Math.random().toString(36).slice(2)}`, description: 'Guard', entityId: gsu, serviceLineId: 1 } });
  const lead = await stack.createLead(sales);
  const quotation = await stack.request('POST', '/api/quotations', { token: sales, body: { leadId: lead.id, entityId: gsu } });
  const id = quotation.body.id;
  const put = async (n: number, body: object) => {
    const r = await stack.request('PUT', `/api/quotations/${id}/steps/${n}`, { token: sales, body });
    if (r.status !== 200) throw new Error(`step ${n}: ${r.status} ${JSON.stringify(r.body)}`);
  };
  const pay = (key: string) => ({ key, wage: { basis: 'umk' }, thr: { mode: 'provisioned' }, compensation: { mode: 'provisioned' }, holidayAllowance: { mode: 'none' }, overtime: { mode: 'none' } });
  await put(1, { contractKind: 'PKWT' });
  await put(2, { startDate: '2026-01-01', endDate: '2026-12-31', duration: { value: 12, unit: 'bulan' }, salaryRuleId: 1, top: { kind: 'days', days: 7 } });
  await put(3, {
    sites: [{ key: 'bks', name: 'Gudang Bekasi', provinceCode: '32', cityCode: '32.75', address: 'Jl. Industri 1' }, { key: 'jkt', name: 'Kantor Jakarta', provinceCode: '31', cityCode: '31.71' }],
    positions: [{ key: 'g1', siteKey: 'bks', positionId: position.body.id, hc: 3 }, { key: 'g2', siteKey: 'jkt', positionId: position.body.id, hc: 2 }],
  });
  await put(4, { positions: [pay('g1'), pay('g2')], managementFee: { base: 7, percent: 10 }, ppn: true, taxBasis: 'management_fee' });
  for (const [n, body] of [[5, { positions: [{ key: 'g1', guarantor: 'bpjs', enabled: true, riskClass: 'low' }] }], [6, { applications: [] }], [7, { kaporlap: [] }], [8, { devices: [] }], [9, { chemicals: [] }], [10, { ohc: [] }], [11, { clauses: [], reviewed: true }], [12, { confirmed: true }]] as const) {
    await put(n, body);
  }
  const submitted = await stack.request('POST', `/api/quotations/${id}/submit`, { token: sales });
  if (submitted.body.pendingRole !== 'dir_sales' || submitted.body.submission !== 1) throw new Error(`submit: ${JSON.stringify(submitted.body)}`);
  const director = (await stack.tokenFor('dir_sales')).token;
  const approved = await stack.request('POST', `/api/quotations/${id}/decisions`, { token: director, body: { decision: 'approve' } });
  if (approved.body.status !== 'approved') throw new Error(`approve: ${JSON.stringify(approved.body)}`);
  return { quotationId: id, leadId: lead.id };
}
