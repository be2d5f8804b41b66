// Test fixtures: contracts taken to activation over HTTP (src/demo/contract.ts), with a Director of Sales made for
// the sign-off.
import { uploadOne } from '../../src/demo/client';
import { activatePks as activate, activeContract as contract } from '../../src/demo/contract';
import type { Knex } from 'knex';
import { inDays, inYear } from './calendar';
import { approvedQuotation } from './quotations';
import type { Stack } from './stack';

export { CHECKLIST } from '../../src/demo/contract';

export function uploadFile(stack: Stack, url: string, token: string, name: string, content: Buffer | string) {
  return uploadOne(stack.baseUrl, url, token, name, content);
}

// Sign-off, the customer's signed copy, the checklist and activation of a draft PKS.
export async function activatePks(stack: Stack, pksId: number, crm: string): Promise<Record<string, any>> {
  const director = (await stack.tokenFor('dir_sales')).token;
  return activate(stack.request.bind(stack), stack.baseUrl, pksId, { crm, director });
}

// An active first contract (PKS baru) from an approved quotation's two sites.
export async function activeContract(
  stack: Stack,
  quotation: { quotationId: number; leadId: number },
  sales: string,
  crm: string,
  period: { start: string; end: string },
) {
  const director = (await stack.tokenFor('dir_sales')).token;
  return contract(stack.request.bind(stack), stack.baseUrl, quotation, { sales, crm, director }, period);
}

// `count` more active contracts like `pksId` (each with its own copy of the quotation that priced it), written
// straight to the tables: enough contracts for a campaign without taking each through its runs.
export async function cloneContracts(knex: Knex, pksId: number, count: number): Promise<number[]> {
  const json = (row: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries(row).map(([k, v]) => [
        k,
        v && typeof v === 'object' && !(v instanceof Date) ? JSON.stringify(v) : v,
      ]),
    );
  const { id: _pks, number: pksNumber, ...pks } = await knex('pks').where({ id: pksId }).first();
  const {
    id: quotationId,
    number,
    ...quotation
  } = await knex('quotations').where({ id: pks.primary_quotation_id }).first();
  const steps = await knex('quotation_steps').where({ quotation_id: quotationId });
  const ids: number[] = [];
  for (let i = 1; i <= count; i++) {
    const [copy] = await knex('quotations')
      .insert(json({ ...quotation, number: `${number}-C${i}` }))
      .returning('id');
    await knex('quotation_steps').insert(steps.map((s) => json({ ...s, quotation_id: copy.id })));
    const [contract] = await knex('pks')
      .insert(json({ ...pks, number: `${pksNumber}-C${i}`, primary_quotation_id: copy.id }))
      .returning('id');
    ids.push(contract.id);
  }
  return ids;
}

// A signed SPK of an approved quotation's sites (Bekasi and Jakarta unless named), and the SPK sites a PKS may take.
export async function signedSpk(stack: Stack, sales: string, crm: string, siteKeys = ['bks', 'jkt']) {
  const { quotationId, leadId } = await approvedQuotation(stack, sales);
  const spk = await stack.request('POST', '/api/spk', {
    token: sales,
    body: { leadId, spkDate: inDays(-13), sites: siteKeys.map((siteKey) => ({ quotationId, siteKey })) },
  });
  if (spk.status !== 201) throw new Error(`SPK: ${JSON.stringify(spk.body)}`);
  await uploadFile(stack, `/api/spk/${spk.body.id}/documents`, sales, 'spk.pdf', '%PDF spk');
  const sites = await stack.request('GET', `/api/pks/available-sites?leadId=${leadId}`, { token: crm });
  return {
    quotationId,
    leadId,
    spkId: spk.body.id as number,
    spkSiteIds: sites.body.data.map((s: { spkSiteId: number }) => s.spkSiteId) as number[],
  };
}

// A draft PKS of those SPK sites, signed two days after the SPK, for the whole of next year.
export async function draftPks(stack: Stack, crm: string, leadId: number, spkSiteIds: number[]) {
  const created = await stack.request('POST', '/api/pks', {
    token: crm,
    body: {
      leadId,
      spkSiteIds,
      pksDate: inDays(-11),
      contractStart: inYear(1, '01-01'),
      contractEnd: inYear(1, '12-31'),
      salaryRuleId: 1,
      thrRuleId: 1,
    },
  });
  if (created.status !== 201) throw new Error(`PKS: ${JSON.stringify(created.body)}`);
  return created.body as Record<string, any>;
}
