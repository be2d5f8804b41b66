// On a machine without LibreOffice everything runs, readiness says so, and the PDF endpoints answer 503 naming
// the fix instead of failing obscurely.
import { Stack } from '../support/stack';

let stack: Stack;

beforeAll(async () => {
  stack = await Stack.start({}, { pdfAvailable: () => false });
});

afterAll(() => stack?.stop());

it('answers 503 with the fix for PDFs, and reports it in readiness', async () => {
  const { token } = await stack.tokenFor('sales');
  const lead = await stack.createLead(token);
  const entityId = (await stack.knex('entities').where({ code: 'GSU' }).first()).id;
  const quotation = await stack.request('POST', '/api/quotations', { token, body: { leadId: lead.id, entityId } });
  for (const path of ['pdf', 'calculation.pdf']) {
    const response = await stack.request('GET', `/api/quotations/${quotation.body.id}/${path}`, { token });
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body.detail).toContain('apt-get install libreoffice-writer-nogui');
  }
  const ready = await stack.request('GET', '/ready');
  expect(ready.body.checks.pdf).not.toBe('ok');
});
