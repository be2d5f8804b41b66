// Leads over HTTP: creation (code, duplicate rule, assignment, system activity), bad input, data scope for two
// salespeople, a team leader, a branch manager and an admin, update, delete/restore, children, assignments.
import { comparableName, insertLead } from '../../src/db/leads';
import { Stack, randomWord } from '../support/stack';

let stack: Stack;
let admin: string;
let branchId: number;

beforeAll(async () => {
  stack = await Stack.start();
  admin = (await stack.tokenFor('superadmin')).token;
  branchId = await stack.branch('Bekasi');
});

afterAll(() => stack?.stop());

const get = (path: string, token: string) => stack.request('GET', path, { token });

describe('creating a lead', () => {
  it('numbers it, upper-cases the name, gives a selling creator every line and logs a "Leads" activity', async () => {
    const sales = await stack.tokenFor('sales', { branchId });
    const name = `pt ${randomWord()} sejahtera`;
    const created = await stack.request('POST', '/api/leads', {
      token: sales.token,
      body: await stack.leadBody({ companyName: name, branchId, serviceLineIds: [1, 3], districtCode: '32.75.01' }),
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/api/leads/${created.body.id}`);
    expect(created.body).toMatchObject({
      companyName: name.toUpperCase(),
      statusId: 1,
      statusName: 'Leads baru',
      mainSalesUserId: sales.user.id,
      cityName: 'Kota Bekasi',
      branchName: 'Bekasi',
      isActive: false,
    });
    expect(created.body.code).toMatch(/^[A-Z]{5}$/);
    expect(
      created.body.serviceLines.map((l: { serviceLineId: number; salesUserId: number }) => [
        l.serviceLineId,
        l.salesUserId,
      ]),
    ).toEqual([
      [1, sales.user.id],
      [3, sales.user.id],
    ]);
    const activity = await stack.knex('customer_activities').where({ lead_id: created.body.id }).first();
    expect(activity).toMatchObject({
      type: 'Leads',
      notes: 'Lead created with sales assignment',
      is_user_entered: false,
    });
    expect(activity.number).toMatch(new RegExp(`^CAT/NN/${created.body.code}-\\d{6}-00001$`));
    const history = await get(`/api/leads/${created.body.id}/status-history`, sales.token);
    expect(history.body.data).toEqual([
      expect.objectContaining({ fromStatusId: null, toStatusId: 1, reason: 'created' }),
    ]);
  });

  it('codes leads without gaps: a create rolled back after taking its code gives the code to the next lead', async () => {
    const sales = await stack.tokenFor('sales', { branchId });
    const first = await stack.createLead(sales.token);
    const taken = await stack.knex
      .transaction(async (trx) => {
        const { code } = await insertLead(
          trx,
          { company_name: 'PT DIBATALKAN', owner_user_id: sales.user.id, status_id: 1 },
          await comparableName(trx, 'PT Dibatalkan'),
          sales.user.id,
        );
        throw new Error(code);
      })
      .catch((e: Error) => e.message);
    const next = await stack.createLead(sales.token);
    const number = (code: string) => [...code].reduce((n, letter) => n * 26 + letter.charCodeAt(0) - 65, 0);
    expect(number(taken)).toBe(number(first.code) + 1);
    expect(next.code).toBe(taken);
  });

  it('names every missing or malformed field and every unknown reference, writing nothing', async () => {
    const before = await stack.knex('leads').count({ n: '*' });
    const empty = await stack.request('POST', '/api/leads', { token: admin, body: {} });
    expect(empty.status).toBe(422);
    expect(empty.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'branchId',
      'cityCode',
      'companyName',
      'picName',
      'provinceCode',
      'serviceLineIds',
    ]);
    const malformed = await stack.request('POST', '/api/leads', {
      token: admin,
      body: await stack.leadBody({ companyName: 'ab', picEmail: 'not-mail', serviceLineIds: [], cityCode: '3275' }),
    });
    expect(malformed.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'cityCode',
      'companyName',
      'picEmail',
      'serviceLineIds',
    ]);
    const unknown = await stack.request('POST', '/api/leads', {
      token: admin,
      body: await stack.leadBody({ companyTypeId: 99999, serviceLineIds: [1, 9], cityCode: '35.78' }),
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'companyTypeId', message: 'companyTypeId 99999 does not exist' },
        { field: 'serviceLineIds', message: 'service line(s) 9 do not exist' },
        { field: 'cityCode', message: 'cityCode 35.78 is not in provinceCode 32' },
      ]),
    );
    expect(await stack.knex('leads').count({ n: '*' })).toEqual(before);
  });

  it('refuses a similar company with 409, unless a manager overrides with a reason', async () => {
    const sales = await stack.tokenFor('sales', { branchId });
    const word = randomWord();
    await stack.createLead(sales.token, { companyName: `PT ${word} Abadi` });
    const again = await stack.request('POST', '/api/leads', {
      token: sales.token,
      body: await stack.leadBody({ companyName: `CV Abadi ${word}` }),
    });
    expect(again.status).toBe(409);
    expect(again.body.errors[0]).toMatchObject({ field: 'companyName' });
    expect(again.body.detail).toContain('same key words');
    const salesOverride = await stack.request('POST', '/api/leads', {
      token: sales.token,
      body: await stack.leadBody({ companyName: `CV Abadi ${word}`, duplicateOverrideReason: 'different owner' }),
    });
    expect(salesOverride.status).toBe(422);
    expect(salesOverride.body.errors[0].field).toBe('duplicateOverrideReason');
    const head = (await stack.tokenFor('sales_head')).token;
    const overridden = await stack.request('POST', '/api/leads', {
      token: head,
      body: await stack.leadBody({
        companyName: `CV Abadi ${word}`,
        duplicateOverrideReason: 'a different company, checked by phone',
      }),
    });
    expect(overridden.status).toBe(201);
  });

  it('applies a telesales user’s assignments and refuses a non-salesperson', async () => {
    const telesales = (await stack.tokenFor('telesales')).token;
    const seller = await stack.tokenFor('sales', { branchId });
    const other = await stack.tokenFor('sales', { branchId });
    const lead = await stack.createLead(telesales, {
      serviceLineIds: [1, 2],
      assignments: [
        { salesUserId: other.user.id, serviceLineIds: [2] },
        { salesUserId: seller.user.id, serviceLineIds: [1] },
      ],
    });
    expect(lead.mainSalesUserId).toBe(other.user.id);
    expect(lead.serviceLines.map((l: { salesUserId: number }) => l.salesUserId)).toEqual([
      seller.user.id,
      other.user.id,
    ]);
    // Assigned on a secondary line, the seller sees the lead too.
    expect((await get(`/api/leads/${lead.id}`, seller.token)).status).toBe(200);
    const crm = await stack.createUser('crm_officer');
    const refused = await stack.request('POST', '/api/leads', {
      token: telesales,
      body: await stack.leadBody({
        assignments: [
          { salesUserId: crm.id, serviceLineIds: [1] },
          { salesUserId: seller.user.id, serviceLineIds: [4] },
        ],
      }),
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'assignments.0.salesUserId',
      'assignments.1.serviceLineIds',
    ]);
  });
});

describe('data scope', () => {
  it('shows a salesperson only his leads, a leader his team’s, a branch manager his branch’s, an admin all', async () => {
    const surabaya = await stack.branch('Surabaya');
    const alice = await stack.tokenFor('sales', { branchId });
    const bob = await stack.tokenFor('sales', { branchId: surabaya });
    const leader = await stack.tokenFor('sales_leader', { branchId });
    const manager = await stack.tokenFor('sales_manager', { branchId: surabaya });
    const [team] = await stack
      .knex('sales_teams')
      .insert({ name: `Team ${randomWord()}`, branch_id: branchId, leader_user_id: leader.user.id })
      .returning('id');
    await stack.knex('sales_team_members').insert([
      { team_id: team.id, user_id: alice.user.id },
      { team_id: team.id, user_id: leader.user.id },
    ]);
    const aliceLead = await stack.createLead(alice.token, { branchId });
    const bobLead = await stack.createLead(bob.token, { branchId: surabaya });

    const ids = async (token: string) =>
      (await get('/api/leads?pageSize=100', token)).body.data.map((l: { id: number }) => l.id);
    expect(await ids(alice.token)).toEqual([aliceLead.id]);
    expect(await ids(bob.token)).toEqual([bobLead.id]);
    const leaderToken = (await stack.login(leader.user)).accessToken;
    expect(await ids(leaderToken)).toContain(aliceLead.id);
    expect(await ids(leaderToken)).not.toContain(bobLead.id);
    expect(await ids(manager.token)).toEqual(expect.arrayContaining([bobLead.id]));
    expect(await ids(manager.token)).not.toContain(aliceLead.id);
    expect(await ids(admin)).toEqual(expect.arrayContaining([aliceLead.id, bobLead.id]));

    expect((await get(`/api/leads/${bobLead.id}`, alice.token)).status).toBe(404);
    const put = await stack.request('PUT', `/api/leads/${bobLead.id}`, {
      token: alice.token,
      body: await stack.leadBody(),
    });
    expect(put.status).toBe(404);
    expect((await stack.request('DELETE', `/api/leads/${bobLead.id}`, { token: alice.token })).status).toBe(404);
    expect((await get(`/api/leads/${aliceLead.id}`, leaderToken)).status).toBe(200);
  });
});

describe('listing', () => {
  it('searches name, code, service line and creator, filters, and defaults to the last six months', async () => {
    const sales = await stack.tokenFor('sales', { branchId });
    const word = randomWord();
    const recent = await stack.createLead(sales.token, { companyName: `PT ${word} Satu`, serviceLineIds: [3] });
    const old = await stack.createLead(sales.token, { companyName: `PT ${randomWord()} Dua` });
    await stack.knex('leads').where({ id: old.id }).update({ lead_date: '2020-01-15' });
    const list = await get('/api/leads', sales.token);
    expect(list.body.data.map((l: { id: number }) => l.id)).toEqual([recent.id]);
    expect(list.body.pagination.pageSize).toBe(15);
    expect((await get(`/api/leads?q=${old.code}`, sales.token)).body.data.map((l: { id: number }) => l.id)).toEqual([
      old.id,
    ]);
    expect(
      (await get(`/api/leads?q=${word.toLowerCase()}`, sales.token)).body.data.map((l: { id: number }) => l.id),
    ).toEqual([recent.id]);
    expect((await get('/api/leads?q=cleaning', sales.token)).body.data.map((l: { id: number }) => l.id)).toEqual([
      recent.id,
    ]);
    const creator = (await stack.knex('users').where({ id: sales.user.id }).first()).full_name;
    expect(
      (await get(`/api/leads?q=${encodeURIComponent(creator)}`, sales.token)).body.data.map(
        (l: { id: number }) => l.id,
      ),
    ).toEqual([recent.id, old.id]);
    expect(
      (await get('/api/leads?dateFrom=2019-01-01&serviceLineId=1', sales.token)).body.data.map(
        (l: { id: number }) => l.id,
      ),
    ).toEqual([old.id]);
    expect((await get('/api/leads?statusId=abc', sales.token)).body.errors[0].field).toBe('statusId');
  });
});

describe('changing a lead', () => {
  it('updates data and service lines, deletes and restores with the lines deleted with it', async () => {
    const sales = await stack.tokenFor('sales', { branchId });
    const lead = await stack.createLead(sales.token, { serviceLineIds: [1, 2] });
    const body = await stack.leadBody({
      companyName: lead.companyName,
      serviceLineIds: [2, 4],
      picName: 'Siti',
      phone: '021-555',
    });
    const updated = await stack.request('PUT', `/api/leads/${lead.id}`, { token: sales.token, body });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ picName: 'Siti', phone: '021-555' });
    expect(updated.body.serviceLines.map((l: { serviceLineId: number }) => l.serviceLineId)).toEqual([2, 4]);
    const activities = await stack.knex('customer_activities').where({ lead_id: lead.id }).orderBy('id').pluck('notes');
    expect(activities).toEqual(['Lead created with sales assignment', 'Lead updated']);

    expect((await stack.request('DELETE', `/api/leads/${lead.id}`, { token: sales.token })).status).toBe(204);
    expect((await get(`/api/leads/${lead.id}`, sales.token)).status).toBe(404);
    expect((await get('/api/leads/deleted', sales.token)).body.data.map((l: { id: number }) => l.id)).toEqual([
      lead.id,
    ]);
    const restored = await stack.request('POST', `/api/leads/${lead.id}/restore`, { token: sales.token });
    expect(restored.status).toBe(200);
    expect(restored.body.serviceLines.map((l: { serviceLineId: number }) => l.serviceLineId)).toEqual([2, 4]);
    expect(
      await stack
        .knex('lead_service_lines')
        .where({ lead_id: lead.id, service_line_id: 1 })
        .whereNull('deleted_at')
        .first(),
    ).toBeUndefined();
  });

  it('creates child leads from the parent’s data and activates leads', async () => {
    const sales = await stack.tokenFor('sales', { branchId });
    const parent = await stack.createLead(sales.token, { phone: '021-777', serviceLineIds: [3] });
    const child = await stack.request('POST', `/api/leads/${parent.id}/children`, {
      token: sales.token,
      body: { companyName: 'anak cabang timur' },
    });
    expect(child.status).toBe(201);
    expect(child.body).toMatchObject({
      companyName: 'ANAK CABANG TIMUR',
      parentLeadId: parent.id,
      phone: '021-777',
      sourceId: 8,
      statusId: 1,
      mainSalesUserId: sales.user.id,
    });
    expect(child.body.serviceLines.map((l: { serviceLineId: number }) => l.serviceLineId)).toEqual([3]);
    const grandchild = await stack.request('POST', `/api/leads/${child.body.id}/children`, {
      token: sales.token,
      body: { companyName: 'cucu perusahaan' },
    });
    expect(grandchild.status).toBe(422);
    const children = await get(`/api/leads/${parent.id}/children`, sales.token);
    expect(children.body.data.map((l: { id: number }) => l.id)).toEqual([child.body.id]);
    const forQuotation = await get('/api/leads/for-quotation', sales.token);
    expect(forQuotation.body.data.map((l: { id: number }) => l.id)).toContain(parent.id);
    expect(forQuotation.body.data.map((l: { id: number }) => l.id)).not.toContain(child.body.id);

    expect(
      (await get('/api/leads/inactive?pageSize=100', sales.token)).body.data.map((l: { id: number }) => l.id),
    ).toContain(parent.id);
    expect(
      (await stack.request('POST', `/api/leads/${parent.id}/activate`, { token: sales.token })).body.isActive,
    ).toBe(true);
    expect(
      (await get('/api/leads/inactive?pageSize=100', sales.token)).body.data.map((l: { id: number }) => l.id),
    ).not.toContain(parent.id);
  });
});

describe('sales assignment', () => {
  it('lets sales management assign team members of the lead’s branch, and unassign them', async () => {
    const manager = (await stack.tokenFor('sales_manager', { branchId })).token;
    const seller = await stack.tokenFor('sales', { branchId });
    const outsider = await stack.tokenFor('sales', { branchId: await stack.branch('Medan') });
    const [team] = await stack
      .knex('sales_teams')
      .insert({ name: `Team ${randomWord()}`, branch_id: branchId })
      .returning('id');
    await stack.knex('sales_team_members').insert({ team_id: team.id, user_id: seller.user.id });
    const lead = await stack.createLead(admin, { branchId, serviceLineIds: [1, 3] });
    expect(lead.mainSalesUserId).toBeNull();

    const candidates = await get(`/api/leads/${lead.id}/available-sales`, manager);
    expect(candidates.body.data.map((c: { userId: number }) => c.userId)).toContain(seller.user.id);
    const refused = await stack.request('PUT', `/api/leads/${lead.id}/assignments`, {
      token: manager,
      body: { assignments: [{ salesUserId: outsider.user.id, serviceLineIds: [1] }] },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0].field).toBe('assignments.0.salesUserId');
    const assigned = await stack.request('PUT', `/api/leads/${lead.id}/assignments`, {
      token: manager,
      body: { assignments: [{ salesUserId: seller.user.id, serviceLineIds: [3] }] },
    });
    expect(assigned.status).toBe(200);
    expect(assigned.body.mainSalesUserId).toBe(seller.user.id);
    const summary = await get(`/api/leads/${lead.id}/assignments`, manager);
    expect(summary.body).toMatchObject({
      salespeople: [{ salesUserId: seller.user.id, serviceLines: [{ id: 3, name: 'Cleaning Service' }] }],
      unassigned: [{ id: 1, name: 'Security' }],
    });
    expect((await get(`/api/leads/${lead.id}`, seller.token)).status).toBe(200);
    expect(
      (
        await stack.request('PUT', `/api/leads/${lead.id}/assignments`, {
          token: seller.token,
          body: { assignments: [{ salesUserId: seller.user.id, serviceLineIds: [1] }] },
        })
      ).status,
    ).toBe(403);

    const removed = await stack.request('DELETE', `/api/leads/${lead.id}/assignments?serviceLineIds=3`, {
      token: manager,
    });
    expect(removed.status).toBe(200);
    expect(removed.body.mainSalesUserId).toBeNull();
    expect((await get(`/api/leads/${lead.id}`, seller.token)).status).toBe(404);
    const activities = await stack
      .knex('customer_activities')
      .where({ lead_id: lead.id })
      .orderBy('id')
      .select('type', 'number');
    expect(activities.map((a: { type: string }) => a.type)).toEqual(['Leads', 'Assignment', 'Assignment Removal']);

    // The salesperson hears of both changes in the app, the manager who made them does not; the refused one left none.
    const notices = await get('/api/notifications?module=lead', seller.token);
    expect(
      notices.body.data.map((n: { event: string; documentId: number; message: string }) => [
        n.event,
        n.documentId,
        n.message,
      ]),
    ).toEqual([
      [
        'unassigned',
        lead.id,
        `${lead.code} ${lead.companyName}: Cleaning Service no longer assigned to you (${activities[2].number})`,
      ],
      [
        'assigned',
        lead.id,
        `${lead.code} ${lead.companyName}: Cleaning Service assigned to you (${activities[1].number})`,
      ],
    ]);
    expect(notices.body.unread).toBe(2);
    expect((await get('/api/notifications/unread-count', seller.token)).body.unread).toBe(2);
    expect((await get('/api/notifications', manager)).body.data).toEqual([]);
    expect((await get('/api/notifications', outsider.token)).body.data).toEqual([]);
    // Assigned again later: a new notice, not swallowed as a repeat of the first.
    await stack.request('PUT', `/api/leads/${lead.id}/assignments`, {
      token: manager,
      body: { assignments: [{ salesUserId: seller.user.id, serviceLineIds: [3] }] },
    });
    expect((await get('/api/notifications/unread-count', seller.token)).body.unread).toBe(3);
  });

  it('notifies the salespeople a new lead is assigned to', async () => {
    const telesales = (await stack.tokenFor('telesales', { branchId })).token;
    const seller = await stack.tokenFor('sales', { branchId });
    const lead = await stack.createLead(telesales, {
      branchId,
      serviceLineIds: [1, 3],
      assignments: [{ salesUserId: seller.user.id, serviceLineIds: [1, 3] }],
    });
    const notices = await get('/api/notifications', seller.token);
    expect(notices.body.data).toEqual([
      expect.objectContaining({
        module: 'lead',
        event: 'assigned',
        documentId: lead.id,
        message: expect.stringContaining('Security, Cleaning Service assigned to you'),
      }),
    ]);
  });
});
