// Company groups over HTTP: create with members, one group per company (also in bulk), views, statistics.
import { Stack, randomWord } from '../support/stack';

let stack: Stack;
let manager: string;

beforeAll(async () => {
  stack = await Stack.start();
  manager = (await stack.tokenFor('sales_head')).token;
});

afterAll(() => stack?.stop());

it('groups companies, each in one group only, and reports what it could not add', async () => {
  const word = randomWord();
  const [a, b, c] = [
    await stack.createLead(manager, { companyName: `PT ${word} Induk` }),
    await stack.createLead(manager),
    await stack.createLead(manager),
  ];
  const created = await stack.request('POST', '/api/company-groups', {
    token: manager,
    body: { name: `Grup ${word}`, leadIds: [a.id, b.id, 999999] },
  });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({
    group: { name: `Grup ${word}`, companyCount: 2 },
    added: [a.id, b.id],
    alreadyGrouped: [],
    notFound: [999999],
  });
  const groupId = created.body.group.id;

  const duplicateName = await stack.request('POST', '/api/company-groups', {
    token: manager,
    body: { name: `grup ${word}` },
  });
  expect(duplicateName.status).toBe(409);
  expect(duplicateName.body.errors[0].field).toBe('name');
  expect(
    (await stack.request('POST', '/api/company-groups', { token: manager, body: { name: 'ab' } })).body.errors[0].field,
  ).toBe('name');

  const second = await stack.request('POST', '/api/company-groups', {
    token: manager,
    body: { name: `Grup lain ${word}` },
  });
  const bulk = await stack.request('POST', '/api/company-groups/bulk-assign', {
    token: manager,
    body: { assignments: [{ groupId: second.body.group.id, leadIds: [a.id, c.id] }] },
  });
  expect(bulk.body.results[0]).toMatchObject({
    added: [c.id],
    alreadyGrouped: [{ leadId: a.id, groupId, groupName: `Grup ${word}` }],
  });
  const unknownGroup = await stack.request('POST', '/api/company-groups/bulk-assign', {
    token: manager,
    body: { assignments: [{ groupId: 999999, leadIds: [a.id] }] },
  });
  expect(unknownGroup.status).toBe(422);
  expect(unknownGroup.body.errors[0].field).toBe('assignments.0.groupId');

  const view = await stack.request('GET', `/api/company-groups/${groupId}`, { token: manager });
  expect(view.body.companies.map((m: { leadId: number }) => m.leadId).sort()).toEqual([a.id, b.id].sort());
  expect(view.body.companies[0]).toHaveProperty('statusName', 'Leads baru');
  const lead = await stack.request('GET', `/api/leads/${a.id}`, { token: manager });
  expect(lead.body.group).toEqual({ id: groupId, name: `Grup ${word}` });

  const ungrouped = await stack.createLead(manager, {
    companyName: `PT ${word} Cabang`,
    duplicateOverrideReason: 'branch office of the same group',
  });
  const recommendations = await stack.request('GET', `/api/company-groups/recommendations?keyword=${word}`, {
    token: manager,
  });
  expect(recommendations.body.data.map((l: { leadId: number }) => l.leadId)).toEqual([ungrouped.id]);
  expect(
    (await stack.request('GET', '/api/company-groups/recommendations?keyword=a', { token: manager })).body.errors[0]
      .field,
  ).toBe('keyword');

  const stats = await stack.request('GET', '/api/company-groups/statistics', { token: manager });
  expect(stats.body).toMatchObject({ groups: 2, companiesInGroups: 3, largestGroup: { id: groupId, companyCount: 2 } });

  expect(
    (await stack.request('DELETE', `/api/company-groups/${groupId}/companies/${b.id}`, { token: manager })).status,
  ).toBe(204);
  const removed = await stack.request('POST', '/api/company-groups/bulk-remove', {
    token: manager,
    body: { leadIds: [a.id, b.id] },
  });
  expect(removed.body).toEqual({ removed: [a.id], notGrouped: [b.id] });
  expect((await stack.request('DELETE', `/api/company-groups/${groupId}`, { token: manager })).status).toBe(204);
  const ops = (await stack.tokenFor('operations')).token;
  expect((await stack.request('POST', '/api/company-groups', { token: ops, body: { name: 'Grup ops' } })).status).toBe(
    403,
  );
});
