// Sales teams over HTTP: create, members (branch, role and single-team rules), bulk add, leader, statistics.
import { Stack, randomWord } from '../support/stack';

let stack: Stack;
let admin: string;
let branchId: number;

beforeAll(async () => {
  stack = await Stack.start();
  admin = (await stack.tokenFor('superadmin')).token;
  branchId = await stack.branch('Bandung');
});

afterAll(() => stack?.stop());

async function newTeam(name = `Team ${randomWord()}`) {
  const created = await stack.request('POST', '/api/sales-teams', { token: admin, body: { name, branchId } });
  expect(created.status).toBe(201);
  return created.body;
}

it('creates teams with names unique per branch and names bad fields', async () => {
  const team = await newTeam('Team Dago');
  expect(team).toMatchObject({ name: 'Team Dago', branchId, branchName: 'Bandung', leaderUserId: null });
  const duplicate = await stack.request('POST', '/api/sales-teams', {
    token: admin,
    body: { name: 'team dago', branchId },
  });
  expect(duplicate.status).toBe(409);
  expect(duplicate.body.errors[0].field).toBe('name');
  const bad = await stack.request('POST', '/api/sales-teams', { token: admin, body: { name: '', branchId: 99999 } });
  expect(bad.status).toBe(422);
  expect(bad.body.errors[0].field).toBe('name');
  const unknownBranch = await stack.request('POST', '/api/sales-teams', {
    token: admin,
    body: { name: 'X', branchId: 99999 },
  });
  expect(unknownBranch.body.errors[0].field).toBe('branchId');
  const sales = (await stack.tokenFor('sales', { branchId })).token;
  expect(
    (await stack.request('POST', '/api/sales-teams', { token: sales, body: { name: 'Mine', branchId } })).status,
  ).toBe(403);
});

it('adds only active salespeople of the branch, each to one team, and makes one of them leader', async () => {
  const team = await newTeam();
  const other = await newTeam();
  const seller = await stack.createUser('sales', { branchId });
  const leader = await stack.createUser('sales_leader', { branchId });
  const elsewhere = await stack.createUser('sales', { branchId: await stack.branch('Medan') });
  const crm = await stack.createUser('crm_officer', { branchId });

  const available = await stack.request('GET', `/api/sales-teams/${team.id}/available-users`, { token: admin });
  expect(available.body.data.map((u: { userId: number }) => u.userId)).toEqual(
    expect.arrayContaining([seller.id, leader.id]),
  );
  expect(available.body.data.map((u: { userId: number }) => u.userId)).not.toContain(elsewhere.id);

  expect(
    (await stack.request('POST', `/api/sales-teams/${team.id}/members`, { token: admin, body: { userId: seller.id } }))
      .status,
  ).toBe(201);
  const again = await stack.request('POST', `/api/sales-teams/${other.id}/members`, {
    token: admin,
    body: { userId: seller.id },
  });
  expect(again.status).toBe(409);
  const wrongBranch = await stack.request('POST', `/api/sales-teams/${team.id}/members`, {
    token: admin,
    body: { userId: elsewhere.id },
  });
  expect(wrongBranch.status).toBe(422);
  expect(wrongBranch.body.errors[0]).toEqual({
    field: 'userId',
    message: `user ${elsewhere.id} is not in the team's branch`,
  });

  const bulk = await stack.request('POST', `/api/sales-teams/${team.id}/members/bulk`, {
    token: admin,
    body: { userIds: [leader.id, crm.id, seller.id] },
  });
  expect(bulk.body).toEqual({
    added: [leader.id],
    skipped: [
      { userId: crm.id, reason: `user ${crm.id} does not have a sales role` },
      { userId: seller.id, reason: `user ${seller.id} is already in this team` },
    ],
  });

  const notMember = await stack.request('PUT', `/api/sales-teams/${team.id}/leader`, {
    token: admin,
    body: { userId: elsewhere.id },
  });
  expect(notMember.status).toBe(422);
  const led = await stack.request('PUT', `/api/sales-teams/${team.id}/leader`, {
    token: admin,
    body: { userId: leader.id },
  });
  expect(led.body.leaderUserId).toBe(leader.id);
  expect(
    led.body.members.filter((m: { isLeader: boolean }) => m.isLeader).map((m: { userId: number }) => m.userId),
  ).toEqual([leader.id]);

  const stats = await stack.request('GET', '/api/sales-teams/statistics', { token: admin });
  expect(stats.body).toMatchObject({ members: 2, leaders: 1 });
  expect(stats.body.averageMembersPerTeam).toBeCloseTo(2 / stats.body.teams, 2);

  const moved = await stack.request('PATCH', `/api/sales-teams/${team.id}`, {
    token: admin,
    body: { branchId: await stack.branch('Medan') },
  });
  expect(moved.status).toBe(409);
  expect(
    (await stack.request('DELETE', `/api/sales-teams/${team.id}/members/${leader.id}`, { token: admin })).status,
  ).toBe(204);
  expect((await stack.request('GET', `/api/sales-teams/${team.id}`, { token: admin })).body.leaderUserId).toBeNull();
  expect((await stack.request('DELETE', `/api/sales-teams/${team.id}`, { token: admin })).status).toBe(204);
  expect(await stack.knex('sales_team_members').where({ user_id: seller.id }).first()).toBeUndefined();
});
