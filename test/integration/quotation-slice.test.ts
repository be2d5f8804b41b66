// The foundation slice over HTTP: create a quotation (starting its workflow), save step 1 through a workflow
// Update, and check the DB projection, the workflow history and the search attributes.
import { temporal } from '@temporalio/proto';
import { quotationWorkflowId } from '../../workflows/quotation-contract';
import {
  CustomerName,
  EntityId,
  LifecycleStatus,
  QuotationNumber,
  SalesUserId,
  EntityCode,
  SalesName,
} from '../../workflows/search-attributes';
import { Stack } from '../support/stack';

const EventType = temporal.api.enums.v1.EventType;

let stack: Stack;
let token: string;
let userId: number;
let leadId: number;
let ionId: number;

beforeAll(async () => {
  stack = await Stack.start();
  const sales = await stack.tokenFor('sales');
  token = sales.token;
  userId = sales.user.id;
  const lead = { body: await stack.createLead(token, { companyName: 'PT Sentosa Abadi' }) };
  leadId = lead.body.id;
  ionId = (await stack.knex('entities').where({ code: 'ION' }).first()).id;
});

afterAll(() => stack?.stop());

async function createQuotation(key?: string) {
  return stack.request('POST', '/api/quotations', {
    token,
    body: { leadId, entityId: ionId },
    headers: key ? { 'Idempotency-Key': key } : {},
  });
}

async function updateEvents(workflowId: string) {
  const history = await stack.temporal.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED);
}

describe('creating a quotation', () => {
  it('stores the row, numbers it, and starts its workflow with search attributes', async () => {
    const response = await createQuotation();
    expect(response.status).toBe(201);
    const q = response.body;
    expect(q).toMatchObject({
      status: 'draft',
      step: 0,
      version: 1,
      type: 'baru',
      leadId,
      entityId: ionId,
      salesUserId: userId,
      customerName: 'PT SENTOSA ABADI',
    });
    expect(q.number).toMatch(/^QUOT\/ION\/[A-Z]{5}\/\d{6}-\d{5}$/);
    expect(response.headers.get('location')).toBe(`/api/quotations/${q.id}`);

    const row = await stack.knex('quotations').where({ id: q.id }).first();
    expect(row).toMatchObject({ number: q.number, status: 'draft', sales_user_id: userId });

    const description = await stack.temporal.workflow.getHandle(quotationWorkflowId(q.id)).describe();
    expect(description.status.name).toBe('RUNNING');
    expect(description.typedSearchAttributes.get(QuotationNumber)).toBe(q.number);
    expect(description.typedSearchAttributes.get(CustomerName)).toBe('PT SENTOSA ABADI');
    expect(description.typedSearchAttributes.get(SalesUserId)).toBe(String(userId));
    expect(description.typedSearchAttributes.get(LifecycleStatus)).toBe('draft');
    expect(description.typedSearchAttributes.get(EntityId)).toBe(String(ionId));
    expect(await description.staticSummary()).toBe(`${q.number} · PT SENTOSA ABADI`);
    // Names next to the ids: ops filter by entity code and salesperson name, and read them under the run.
    const salesName = (await stack.knex('users').where({ id: userId }).first('full_name')).full_name;
    expect(description.typedSearchAttributes.get(EntityCode)).toBe('ION');
    expect(description.typedSearchAttributes.get(SalesName)).toBe(salesName);
    expect(description.memo).toEqual({
      customer: 'PT SENTOSA ABADI',
      entity: 'ION · PT Indah Optimal Nusantara',
      salesperson: salesName,
    });
    expect(await description.staticDetails()).toContain(`Salesperson: ${salesName}`);
  });

  it('is findable by quotation number, as ops search it in the UI', async () => {
    const { body: q } = await createQuotation();
    const found: string[] = [];
    for (let attempt = 0; attempt < 50 && found.length === 0; attempt++) {
      for await (const run of stack.temporal.workflow.list({ query: `QuotationNumber="${q.number}"` }))
        found.push(run.workflowId);
      if (found.length === 0) await new Promise((r) => setTimeout(r, 200));
    }
    expect(found).toEqual([quotationWorkflowId(q.id)]);
  });

  it('creates one quotation for one Idempotency-Key, however often it is sent', async () => {
    const key = `create-${Date.now()}`;
    const before = await stack.knex('quotations').count<{ count: string }[]>({ count: '*' });
    const first = await createQuotation(key);
    const second = await createQuotation(key);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    const after = await stack.knex('quotations').count<{ count: string }[]>({ count: '*' });
    expect(Number(after[0].count)).toBe(Number(before[0].count) + 1);
  });

  it('refuses the same Idempotency-Key for a different request', async () => {
    const key = `reuse-${Date.now()}`;
    expect((await createQuotation(key)).status).toBe(201);
    const other = await stack.request('POST', '/api/quotations', {
      token,
      body: { leadId, entityId: ionId + 1 },
      headers: { 'Idempotency-Key': key },
    });
    expect(other.status).toBe(422);
    expect(other.body.errors[0].field).toBe('Idempotency-Key');
  });

  it('rejects bad input naming the field, and writes nothing', async () => {
    const before = await stack.knex('quotations').count<{ count: string }[]>({ count: '*' });
    const missing = await stack.request('POST', '/api/quotations', { token, body: { entityId: ionId } });
    expect(missing.status).toBe(422);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    expect(missing.body.errors).toEqual([expect.objectContaining({ field: 'leadId' })]);
    const wrongType = await stack.request('POST', '/api/quotations', {
      token,
      body: { leadId: 'abc', entityId: ionId },
    });
    expect(wrongType.status).toBe(422);
    expect(wrongType.body.errors[0].field).toBe('leadId');
    const unknownLead = await stack.request('POST', '/api/quotations', {
      token,
      body: { leadId: 999999, entityId: ionId },
    });
    expect(unknownLead.status).toBe(422);
    expect(unknownLead.body.errors[0].field).toBe('leadId');
    const unknownEntity = await stack.request('POST', '/api/quotations', { token, body: { leadId, entityId: 999999 } });
    expect(unknownEntity.status).toBe(422);
    expect(unknownEntity.body.errors[0].field).toBe('entityId');
    const extra = await stack.request('POST', '/api/quotations', {
      token,
      body: { leadId, entityId: ionId, status: 'approved' },
    });
    expect(extra.status).toBe(422);
    expect(extra.body.errors[0].field).toBe('status');
    const after = await stack.knex('quotations').count<{ count: string }[]>({ count: '*' });
    expect(after[0].count).toBe(before[0].count);
  });
});

describe('saving step 1 through the workflow', () => {
  it('persists a valid save and returns the fresh state; GET reflects it', async () => {
    const { body: q } = await createQuotation();
    const saved = await stack.request('PUT', `/api/quotations/${q.id}/steps/1`, {
      token,
      body: { contractKind: 'PKWT', expectedVersion: 1 },
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ id: q.id, contractKind: 'PKWT', step: 1, version: 2, status: 'draft' });

    const read = await stack.request('GET', `/api/quotations/${q.id}`, { token });
    expect(read.body).toMatchObject({ contractKind: 'PKWT', step: 1, version: 2 });
    const step = await stack.request('GET', `/api/quotations/${q.id}/steps/1`, { token });
    expect(step.body).toEqual({ step: 1, data: { contractKind: 'PKWT' }, version: 2, completedStep: 1 });

    const state = await stack.temporal.workflow
      .getHandle(quotationWorkflowId(q.id))
      .query<{ version: number; step: number }>('state');
    expect(state).toMatchObject({ step: 1, version: 2 });
    expect(await updateEvents(quotationWorkflowId(q.id))).toHaveLength(1);
  });

  it('rejects a stale version with 409, leaving no trace in DB or history', async () => {
    const { body: q } = await createQuotation();
    await stack.request('PUT', `/api/quotations/${q.id}/steps/1`, { token, body: { contractKind: 'PKWT' } });
    const before = await stack.knex('quotations').where({ id: q.id }).first();
    const stale = await stack.request('PUT', `/api/quotations/${q.id}/steps/1`, {
      token,
      body: { contractKind: 'PKHL', expectedVersion: 1 },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.errors[0].field).toBe('expectedVersion');
    expect(await stack.knex('quotations').where({ id: q.id }).first()).toEqual(before);
    expect(await updateEvents(quotationWorkflowId(q.id))).toHaveLength(1);
  });

  it('rejects a bad payload with 422 naming the field, before it reaches the workflow', async () => {
    const { body: q } = await createQuotation();
    const bad = await stack.request('PUT', `/api/quotations/${q.id}/steps/1`, {
      token,
      body: { contractKind: 'FREELANCE' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe('contractKind');
    const missing = await stack.request('PUT', `/api/quotations/${q.id}/steps/1`, { token, body: {} });
    expect(missing.status).toBe(422);
    expect(missing.body.errors[0].field).toBe('contractKind');
    expect(await updateEvents(quotationWorkflowId(q.id))).toHaveLength(0);
    expect(await stack.knex('quotations').where({ id: q.id }).first()).toMatchObject({
      version: 1,
      step: 0,
      contract_kind: null,
    });
  });

  it('refuses commands once cancelled (409 naming the state) and the run completes', async () => {
    const { body: q } = await createQuotation();
    const noReason = await stack.request('POST', `/api/quotations/${q.id}/cancel`, { token, body: {} });
    expect(noReason.status).toBe(422);
    const cancelled = await stack.request('POST', `/api/quotations/${q.id}/cancel`, {
      token,
      body: { reason: 'customer withdrew' },
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', statusReason: 'customer withdrew' });
    const handle = stack.temporal.workflow.getHandle(quotationWorkflowId(q.id));
    expect(await handle.result()).toBe('cancelled');
    expect((await handle.describe()).typedSearchAttributes.get(LifecycleStatus)).toBe('cancelled');
    const late = await stack.request('PUT', `/api/quotations/${q.id}/steps/1`, {
      token,
      body: { contractKind: 'PKWT' },
    });
    expect(late.status).toBe(409);
    expect(await stack.knex('quotations').where({ id: q.id }).first()).toMatchObject({
      status: 'cancelled',
      contract_kind: null,
    });
  });

  it('applies an update once for one Idempotency-Key', async () => {
    const { body: q } = await createQuotation();
    const headers = { 'Idempotency-Key': `step1-${q.id}-${Date.now()}` };
    const first = await stack.request('PUT', `/api/quotations/${q.id}/steps/1`, {
      token,
      body: { contractKind: 'PKHL' },
      headers,
    });
    const second = await stack.request('PUT', `/api/quotations/${q.id}/steps/1`, {
      token,
      body: { contractKind: 'PKHL' },
      headers,
    });
    expect(second.body).toEqual(first.body);
    expect(second.body.version).toBe(2);
    expect(await updateEvents(quotationWorkflowId(q.id))).toHaveLength(1);
  });

  it('answers 404 for an unknown quotation', async () => {
    const response = await stack.request('PUT', '/api/quotations/999999/steps/1', {
      token,
      body: { contractKind: 'PKWT' },
    });
    expect(response.status).toBe(404);
  });
});
