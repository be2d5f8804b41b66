// A contract taken to activation over the API, as its users do it: a signed SPK for both sites of an approved
// quotation, then its PKS through submission, the director's sign-off, the customer's signed copy, the checklist
// and activation by the Manager CRM. Used by the demo seed and, through test/support/contracts.ts, by the tests.
import { commandResult, expectStatus, uploadOne, type Request } from './client';

const SIGNED_PDF = '%PDF-1.4\n% signed copy\n%%EOF\n';

export const CHECKLIST = {
  npwp: '01.234.567.8-901.000',
  npwpAddress: 'Jl. Industri 1, Bekasi',
  stampDuty: 'Rp 10.000 per invoice',
  reliever: 'Ada',
  invoiceRequirements: 'PO dan timesheet',
  billingAddress: 'Jl. Industri 1, Bekasi',
  hasUnion: 'Tidak Ada',
};

export interface ContractTokens {
  sales: string;
  crm: string;
  director: string; // Director of Sales: signs the PKS off
}

// Sign-off, the customer's signed copy, the checklist and activation of a draft PKS; answers the active PKS.
export async function activatePks(
  request: Request,
  baseUrl: string,
  pksId: number,
  tokens: Omit<ContractTokens, 'sales'>,
): Promise<Record<string, any>> {
  const { crm, director } = tokens;
  await commandResult(request, crm, await request('POST', `/api/pks/${pksId}/submit`, { token: crm }), 'PKS submit');
  await commandResult(
    request,
    director,
    await request('POST', `/api/pks/${pksId}/decisions`, { token: director, body: { decision: 'approve' } }),
    'PKS sign-off',
  );
  await commandResult(
    request,
    crm,
    await uploadOne(baseUrl, `/api/pks/${pksId}/documents`, crm, 'pks.pdf', SIGNED_PDF),
    'PKS copy',
  );
  await commandResult(
    request,
    crm,
    await request('POST', `/api/pks/${pksId}/checklist`, { token: crm, body: CHECKLIST }),
    'checklist',
  );
  const active = await commandResult(
    request,
    crm,
    await request('POST', `/api/pks/${pksId}/activate`, { token: crm }),
    'activation',
  );
  if (active?.status !== 'active') throw new Error(`activation: ${JSON.stringify(active)}`);
  return active;
}

// An active first contract (PKS baru) from an approved quotation's two sites (`bks` and `jkt`).
export async function activeContract(
  request: Request,
  baseUrl: string,
  quotation: { quotationId: number; leadId: number },
  tokens: ContractTokens,
  period: { start: string; end: string },
): Promise<Record<string, any>> {
  const { sales, crm } = tokens;
  const spk = expectStatus(
    await request('POST', '/api/spk', {
      token: sales,
      body: {
        leadId: quotation.leadId,
        spkDate: period.start,
        sites: ['bks', 'jkt'].map((siteKey) => ({ quotationId: quotation.quotationId, siteKey })),
      },
    }),
    201,
    'SPK',
  );
  await commandResult(
    request,
    sales,
    await uploadOne(baseUrl, `/api/spk/${spk.id}/documents`, sales, 'spk.pdf', SIGNED_PDF),
    'SPK copy',
  );
  const sites = expectStatus(
    await request('GET', `/api/pks/available-sites?leadId=${quotation.leadId}`, { token: crm }),
    200,
    'sites',
  ).data as Array<{ spkSiteId: number }>;
  const pks = expectStatus(
    await request('POST', '/api/pks', {
      token: crm,
      body: {
        leadId: quotation.leadId,
        pksDate: period.start,
        contractStart: period.start,
        contractEnd: period.end,
        salaryRuleId: 1,
        thrRuleId: 1,
        spkSiteIds: sites.map((s) => s.spkSiteId),
      },
    }),
    201,
    'PKS',
  );
  return activatePks(request, baseUrl, pks.id, tokens);
}
