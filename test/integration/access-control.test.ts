// Menu permissions (403), data scope (own / team / branch / all, entity allow-list) and the admin endpoints
// that manage users, roles, permissions and entities.
import { Stack } from '../support/stack';

let stack: Stack;
let admin: string;
let ion: number;
let sig: number;

beforeAll(async () => {
  stack = await Stack.start();
  admin = (await stack.tokenFor('superadmin')).token;
  ion = (await stack.knex('entities').where({ code: 'ION' }).first()).id;
  sig = (await stack.knex('entities').where({ code: 'SIG' }).first()).id;
});

afterAll(() => stack?.stop());

async function quotationOf(token: string, entityId = ion, branchId?: number): Promise<number> {
  const lead = { body: await stack.createLead(token, branchId ? { branchId } : {}) };
  const q = await stack.request('POST', '/api/quotations', { token, body: { leadId: lead.body.id, entityId } });
  expect(q.status).toBe(201);
  return q.body.id;
}

async function branch(name: string): Promise<number> {
  const [row] = await stack.knex('branches').insert({ name }).returning('id');
  return row.id;
}

describe('menu permissions', () => {
  it('gives 403 to a role without the menu flag', async () => {
    const ops = (await stack.tokenFor('operations')).token;
    const create = await stack.request('POST', '/api/leads', { token: ops, body: await stack.leadBody() });
    expect(create.status).toBe(403);
    expect(create.headers.get('content-type')).toContain('application/problem+json');
    const sales = (await stack.tokenFor('sales')).token;
    expect((await stack.request('GET', '/api/admin/users', { token: sales })).status).toBe(403);
    expect(
      (await stack.request('POST', '/api/admin/entities', { token: sales, body: { code: 'ZZ', name: 'Z' } })).status,
    ).toBe(403);
  });

  it('denies everything to a new role until permissions are granted, and a cleared parent menu hides its children', async () => {
    const role = await stack.request('POST', '/api/admin/roles', {
      token: admin,
      body: { code: 'auditor', name: 'Auditor', scope: 'all' },
    });
    expect(role.status).toBe(201);
    const menus = await stack.request('GET', `/api/admin/roles/${role.body.id}/permissions`, { token: admin });
    const menuId = (code: string) => menus.body.find((m: { code: string }) => m.code === code).menuId;
    const user = await stack.request('POST', '/api/admin/users', {
      token: admin,
      body: {
        email: 'auditor@test.local',
        username: 'auditor',
        fullName: 'Ann Auditor',
        password: 'long-enough-password',
        roleId: role.body.id,
      },
    });
    expect(user.status).toBe(201);
    const token = (
      await stack.login({ id: user.body.id, email: 'auditor@test.local', password: 'long-enough-password' })
    ).accessToken;
    expect((await stack.request('GET', '/api/quotations', { token })).status).toBe(403);

    // Granting view on the parent cascades to quotation, spk and pks.
    const grant = await stack.request('PUT', `/api/admin/roles/${role.body.id}/permissions`, {
      token: admin,
      body: { changes: [{ menuId: menuId('sales'), field: 'is_view', value: true }] },
    });
    expect(grant.status).toBe(204);
    expect((await stack.request('GET', '/api/quotations', { token })).status).toBe(200);
    // The sidebar shows the granted tree and nothing else.
    const me = await stack.request('GET', '/api/auth/me', { token });
    expect(me.body.sidebar.map((m: { code: string }) => m.code)).toEqual(['sales']);
    expect(me.body.sidebar[0].children.map((m: { code: string }) => m.code).sort()).toEqual([
      'pks',
      'quotation',
      'spk',
    ]);
    const flags = await stack.request('GET', `/api/admin/roles/${role.body.id}/permissions`, { token: admin });
    expect(
      flags.body
        .filter((m: { is_view: boolean }) => m.is_view)
        .map((m: { code: string }) => m.code)
        .sort(),
    ).toEqual(['pks', 'quotation', 'sales', 'spk']);
    expect(await stack.knex('permission_changes').where({ role_id: role.body.id }).count({ n: '*' })).toEqual([
      { n: '1' },
    ]);

    // A child flag alone is not enough once the parent is cleared.
    await stack.request('PUT', `/api/admin/roles/${role.body.id}/permissions`, {
      token: admin,
      body: {
        changes: [
          { menuId: menuId('sales'), field: 'is_view', value: false },
          { menuId: menuId('quotation'), field: 'is_view', value: true },
        ],
      },
    });
    expect((await stack.request('GET', '/api/quotations', { token })).status).toBe(403);
  });

  it('validates permission changes and changes nothing on a bad one', async () => {
    const role = (await stack.knex('roles').where({ code: 'sales' }).first()).id;
    const before = await stack.knex('role_menu_permissions').where({ role_id: role }).orderBy('id');
    const badField = await stack.request('PUT', `/api/admin/roles/${role}/permissions`, {
      token: admin,
      body: { changes: [{ menuId: 1, field: 'is_admin', value: true }] },
    });
    expect(badField.status).toBe(422);
    expect(badField.body.errors[0].field).toBe('changes.0.field');
    const unknownMenu = await stack.request('PUT', `/api/admin/roles/${role}/permissions`, {
      token: admin,
      body: {
        changes: [
          { menuId: 1, field: 'is_view', value: false },
          { menuId: 99999, field: 'is_view', value: true },
        ],
      },
    });
    expect(unknownMenu.status).toBe(422);
    expect(unknownMenu.body.errors[0].field).toBe('changes.menuId');
    expect(await stack.knex('role_menu_permissions').where({ role_id: role }).orderBy('id')).toEqual(before);
    const sales = (await stack.tokenFor('sales')).token;
    expect(
      (
        await stack.request('PUT', `/api/admin/roles/${role}/permissions`, {
          token: sales,
          body: { changes: [{ menuId: 1, field: 'is_view', value: true }] },
        })
      ).status,
    ).toBe(403);
  });
});

describe('data scope', () => {
  it("keeps a sales user out of another sales user's quotation", async () => {
    const a = (await stack.tokenFor('sales')).token;
    const b = (await stack.tokenFor('sales')).token;
    const mine = await quotationOf(a);
    const theirs = await quotationOf(b);
    expect((await stack.request('GET', `/api/quotations/${mine}`, { token: a })).status).toBe(200);
    expect((await stack.request('GET', `/api/quotations/${theirs}`, { token: a })).status).toBe(404);
    const write = await stack.request('PUT', `/api/quotations/${theirs}/steps/1`, {
      token: a,
      body: { contractKind: 'PKWT' },
    });
    expect(write.status).toBe(404);
    expect((await stack.knex('quotations').where({ id: theirs }).first()).version).toBe(1);
    const list = await stack.request('GET', '/api/quotations?pageSize=100', { token: a });
    expect(list.body.data.map((q: { id: number }) => q.id)).toEqual([mine]);
    expect(list.body.pagination).toMatchObject({ total: 1, page: 1 });
  });

  it('lets a team leader see and work on his members, not others; admins see all', async () => {
    const leader = await stack.tokenFor('sales_leader');
    const member = await stack.tokenFor('sales');
    const outsider = await stack.tokenFor('sales');
    const [team] = await stack
      .knex('sales_teams')
      .insert({ name: 'Team Bekasi', leader_user_id: leader.user.id })
      .returning('id');
    await stack.knex('sales_team_members').insert({ team_id: team.id, user_id: member.user.id });
    const memberQuotation = await quotationOf(member.token);
    const outsiderQuotation = await quotationOf(outsider.token);
    expect(
      (
        await stack.request('GET', `/api/quotations/${memberQuotation}`, {
          token: (await stack.login(leader.user)).accessToken,
        })
      ).status,
    ).toBe(200);
    expect((await stack.request('GET', `/api/quotations/${outsiderQuotation}`, { token: leader.token })).status).toBe(
      404,
    );
    expect((await stack.request('GET', `/api/quotations/${outsiderQuotation}`, { token: admin })).status).toBe(200);
  });

  it('lets a branch manager see his branch only', async () => {
    const jakarta = await branch('Jakarta');
    const surabaya = await branch('Surabaya');
    const manager = (await stack.tokenFor('sales_manager', { branchId: jakarta })).token;
    const inJakarta = await quotationOf((await stack.tokenFor('sales', { branchId: jakarta })).token, ion, jakarta);
    const inSurabaya = await quotationOf((await stack.tokenFor('sales', { branchId: surabaya })).token, ion, surabaya);
    expect((await stack.request('GET', `/api/quotations/${inJakarta}`, { token: manager })).status).toBe(200);
    expect((await stack.request('GET', `/api/quotations/${inSurabaya}`, { token: manager })).status).toBe(404);
    const list = await stack.request('GET', '/api/quotations?pageSize=100', { token: manager });
    expect(list.body.data.map((q: { id: number }) => q.id)).toEqual([inJakarta]);
  });

  it('limits a user with an entity allow-list to those entities', async () => {
    const limited = (await stack.tokenFor('sales', { entityIds: [sig] })).token;
    const lead = await stack.request('POST', '/api/leads', { token: limited, body: await stack.leadBody() });
    const refused = await stack.request('POST', '/api/quotations', {
      token: limited,
      body: { leadId: lead.body.id, entityId: ion },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0].field).toBe('entityId');
    expect(
      (
        await stack.request('POST', '/api/quotations', {
          token: limited,
          body: { leadId: lead.body.id, entityId: sig },
        })
      ).status,
    ).toBe(201);
    const entities = await stack.request('GET', '/api/entities', { token: limited });
    expect(entities.body.map((e: { code: string }) => e.code)).toEqual(['SIG']);
  });
});

describe('user administration', () => {
  it('creates a user who can log in, and names bad or duplicate fields', async () => {
    const roleId = (await stack.knex('roles').where({ code: 'sales' }).first()).id;
    const body = {
      email: 'new.sales@test.local',
      username: 'new.sales',
      fullName: 'New Sales',
      password: 'a-good-long-password',
      roleId,
      entityIds: [ion],
    };
    const created = await stack.request('POST', '/api/admin/users', { token: admin, body });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email: body.email, roleCode: 'sales', entityIds: [ion], isActive: true });
    expect(created.body).not.toHaveProperty('password_hash');
    expect(
      (await stack.request('POST', '/api/auth/login', { body: { login: 'new.sales', password: body.password } }))
        .status,
    ).toBe(200);

    const duplicate = await stack.request('POST', '/api/admin/users', {
      token: admin,
      body: { ...body, username: 'other.name' },
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.errors[0].field).toBe('email');
    const unknownRole = await stack.request('POST', '/api/admin/users', {
      token: admin,
      body: { ...body, email: 'x@test.local', username: 'xx1', roleId: 99999 },
    });
    expect(unknownRole.status).toBe(422);
    expect(unknownRole.body.errors[0].field).toBe('roleId');
    const unknownEntity = await stack.request('POST', '/api/admin/users', {
      token: admin,
      body: { ...body, email: 'y@test.local', username: 'yy1', entityIds: [99999] },
    });
    expect(unknownEntity.status).toBe(422);
    expect(await stack.knex('users').whereIn('email', ['x@test.local', 'y@test.local'])).toEqual([]);
    const short = await stack.request('POST', '/api/admin/users', {
      token: admin,
      body: { ...body, email: 'z@test.local', username: 'zz1', password: 'short' },
    });
    expect(short.status).toBe(422);
    expect(short.body.errors[0].field).toBe('password');
  });

  it('deactivating a user ends his access at once', async () => {
    const { user, token } = await stack.tokenFor('sales');
    // Authenticated once, so the API holds his principal: the deactivation must still apply to the next request.
    expect((await stack.request('GET', '/api/auth/me', { token })).status).toBe(200);
    const patched = await stack.request('PATCH', `/api/admin/users/${user.id}`, {
      token: admin,
      body: { isActive: false },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.isActive).toBe(false);
    expect((await stack.request('GET', '/api/auth/me', { token })).status).toBe(401);
    expect(
      (await stack.request('POST', '/api/auth/login', { body: { login: user.email, password: user.password } })).status,
    ).toBe(401);
    expect(
      (await stack.request('PATCH', '/api/admin/users/99999', { token: admin, body: { isActive: false } })).status,
    ).toBe(404);
    expect((await stack.request('PATCH', `/api/admin/users/${user.id}`, { token: admin, body: {} })).status).toBe(422);
  });

  it('manages entities', async () => {
    const created = await stack.request('POST', '/api/admin/entities', {
      token: admin,
      body: { code: 'abc', name: 'PT Alpha Beta', directorName: 'Budi' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code: 'ABC', name: 'PT Alpha Beta', directorName: 'Budi', isActive: true });
    expect(
      (await stack.request('POST', '/api/admin/entities', { token: admin, body: { code: 'ABC', name: 'Again' } }))
        .status,
    ).toBe(409);
    const renamed = await stack.request('PATCH', `/api/admin/entities/${created.body.id}`, {
      token: admin,
      body: { name: 'PT Alpha', email: 'not-an-email' },
    });
    expect(renamed.status).toBe(422);
    expect(renamed.body.errors[0].field).toBe('email');
    expect((await stack.knex('entities').where({ id: created.body.id }).first()).name).toBe('PT Alpha Beta');
  });
});

it('keeps the superadmin role active and lets nobody deactivate or narrow their own role', async () => {
  const token = admin;
  const roleId = (code: string) =>
    stack
      .knex('roles')
      .where({ code })
      .first()
      .then((r) => r.id as number);
  const patchRole = (id: number, body: object, as = token) =>
    stack.request('PATCH', `/api/admin/roles/${id}`, { token: as, body });
  const superadmin = await roleId('superadmin');
  const refused = await patchRole(superadmin, { isActive: false });
  expect(refused.status).toBe(422);
  expect(refused.body.errors[0].field).toBe('isActive');
  expect((await patchRole(superadmin, { scope: 'own' })).body.errors[0].field).toBe('scope');
  expect((await stack.knex('roles').where({ id: superadmin }).first()).is_active).toBe(true);
  // Another role can be changed; the session still works afterwards.
  const created = await stack.request('POST', '/api/admin/roles', {
    token,
    body: { code: 'temp_auditor', name: 'Temp auditor', scope: 'all' },
  });
  expect((await patchRole(created.body.id, { isActive: false })).status).toBe(200);
  expect((await stack.request('GET', '/api/auth/me', { token })).status).toBe(200);
});
