// Test fixtures: quotations reached over HTTP the way users get there (the 12 steps, submission, Director of Sales
// approval; a 7-day term and provisioned THR need no second level).
import { fillSteps as steps, type StepOptions } from '../../src/demo/quotation-steps';
import type { Stack } from './stack';

export { TWO_SITES, type SiteLayout } from '../../src/demo/quotation-steps';

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
export function fillSteps(stack: Stack, token: string, id: number, options: StepOptions): Promise<void> {
  return steps(stack.request.bind(stack), token, id, options);
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
