// Test fixture: a contract taken to activation over HTTP (signed SPK → PKS → sign-off → signed copy → checklist →
// activation by the Manager CRM).
import type { Stack } from './stack';

export const CHECKLIST = {
  npwp: '01.234.567.8-901.000',
  npwpAddress: 'Jl. Industri 1, Bekasi',
  stampDuty: 'Rp 10.000 per invoice',
  reliever: 'Ada',
  invoiceRequirements: 'PO dan timesheet',
  billingAddress: 'Jl. Industri 1, Bekasi',
  hasUnion: 'Tidak Ada',
};

export async function uploadFile(stack: Stack, url: string, token: string, name: string, content: Buffer | string) {
  const form = new FormData();
  form.append('file', new Blob([content]), name);
  const response = await fetch(`${stack.baseUrl}${url}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
    body: form,
  });
  return { status: response.status, body: (await response.json()) as any };
}

// Sign-off, the customer's signed copy, the checklist and activation of a draft PKS.
export async function activatePks(stack: Stack, pksId: number, crm: string): Promise<Record<string, any>> {
  const director = (await stack.tokenFor('dir_sales')).token;
  const expectStatus = (r: { status: number; body: any }, status: string, what: string) => {
    if (r.body?.status !== status) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  };
  expectStatus(await stack.request('POST', `/api/pks/${pksId}/submit`, { token: crm }), 'submitted', 'submit');
  expectStatus(
    await stack.request('POST', `/api/pks/${pksId}/decisions`, { token: director, body: { decision: 'approve' } }),
    'awaiting_signed',
    'sign-off',
  );
  expectStatus(
    await uploadFile(stack, `/api/pks/${pksId}/documents`, crm, 'signed.pdf', '%PDF signed'),
    'awaiting_activation',
    'signed copy',
  );
  await stack.request('POST', `/api/pks/${pksId}/checklist`, { token: crm, body: CHECKLIST });
  const active = await stack.request('POST', `/api/pks/${pksId}/activate`, { token: crm });
  expectStatus(active, 'active', 'activation');
  return active.body;
}

// An active first contract (PKS baru) from an approved quotation's two sites.
export async function activeContract(
  stack: Stack,
  quotation: { quotationId: number; leadId: number },
  sales: string,
  crm: string,
  period: { start: string; end: string },
) {
  const spk = await stack.request('POST', '/api/spk', {
    token: sales,
    body: {
      leadId: quotation.leadId,
      spkDate: period.start,
      sites: [
        { quotationId: quotation.quotationId, siteKey: 'bks' },
        { quotationId: quotation.quotationId, siteKey: 'jkt' },
      ],
    },
  });
  if (spk.status !== 201) throw new Error(`SPK: ${JSON.stringify(spk.body)}`);
  await uploadFile(stack, `/api/spk/${spk.body.id}/documents`, sales, 'spk.pdf', '%PDF spk');
  const sites = (await stack.request('GET', `/api/pks/available-sites?leadId=${quotation.leadId}`, { token: crm })).body
    .data;
  const created = await stack.request('POST', '/api/pks', {
    token: crm,
    body: {
      leadId: quotation.leadId,
      pksDate: period.start,
      contractStart: period.start,
      contractEnd: period.end,
      salaryRuleId: 1,
      thrRuleId: 1,
      spkSiteIds: sites.map((s: { spkSiteId: number }) => s.spkSiteId),
    },
  });
  if (created.status !== 201) throw new Error(`PKS: ${JSON.stringify(created.body)}`);
  return activatePks(stack, created.body.id, crm);
}
