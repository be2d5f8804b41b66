// Account safety: a password change or reset ends every session of the user, a session cannot be refreshed past
// its absolute lifetime, nobody demotes or deactivates themselves, the last superadmin stays one, each change is
// audited without the password hash, and the per-IP login limit spares accounts at an address they are known at.
import { Stack, type TestUser } from '../support/stack';

let stack: Stack;

beforeAll(async () => {
  stack = await Stack.start({
    sessionMaxAgeSeconds: 3,
    loginMaxFailuresPerAccount: 50,
    loginMaxFailuresPerIp: 3,
    loginWindowSeconds: 600,
  });
});

afterAll(() => stack?.stop());

const me = (token: string) => stack.request('GET', '/api/auth/me', { token });
const refresh = (refreshToken: string) => stack.request('POST', '/api/auth/refresh', { body: { refreshToken } });
const patchUser = (token: string, id: number, body: object) =>
  stack.request('PATCH', `/api/admin/users/${id}`, { token, body });

async function onlySuperadmin(): Promise<{ user: TestUser; token: string }> {
  const user = await stack.createUser('superadmin');
  await stack
    .knex('users')
    .whereIn('role_id', stack.knex('roles').where({ code: 'superadmin' }).select('id'))
    .whereNot({ id: user.id })
    .update({ is_active: false });
  return { user, token: (await stack.login(user)).accessToken };
}

it('ends every session of a user whose password an administrator resets', async () => {
  const admin = await stack.createUser('superadmin');
  const adminToken = (await stack.login(admin)).accessToken;
  const user = await stack.createUser('sales');
  const first = await stack.login(user);
  const second = await stack.login(user);
  expect((await me(first.accessToken)).status).toBe(200);

  expect((await patchUser(adminToken, user.id, { password: 'a-new-password-1' })).status).toBe(200);
  expect((await me(first.accessToken)).status).toBe(401);
  expect((await me(second.accessToken)).status).toBe(401);
  expect((await refresh(second.refreshToken)).status).toBe(401);
  expect((await stack.login({ ...user, password: 'a-new-password-1' })).accessToken).toEqual(expect.any(String));

  const [audit] = await stack.knex('audit_log').where({ table_name: 'users', row_key: String(user.id) });
  expect(audit).toMatchObject({
    action: 'update',
    user_id: admin.id,
    after: expect.objectContaining({ passwordChanged: true }),
  });
  expect(JSON.stringify(audit)).not.toContain('password_hash');
});

it('lets a user change their own password only with the current one, then ends their sessions', async () => {
  const user = await stack.createUser('sales');
  const { accessToken } = await stack.login(user);
  const wrong = await stack.request('POST', '/api/auth/password', {
    token: accessToken,
    body: { currentPassword: 'not-it', newPassword: 'another-password-2' },
  });
  expect(wrong.status).toBe(422);
  expect(wrong.body.errors).toEqual([expect.objectContaining({ field: 'currentPassword' })]);
  expect((await me(accessToken)).status).toBe(200);

  const changed = await stack.request('POST', '/api/auth/password', {
    token: accessToken,
    body: { currentPassword: user.password, newPassword: 'another-password-2' },
  });
  expect(changed.status).toBe(204);
  expect((await me(accessToken)).status).toBe(401);
  expect((await stack.login({ ...user, password: 'another-password-2' })).accessToken).toEqual(expect.any(String));
});

it('refuses to refresh a session past its absolute lifetime however often it refreshed', async () => {
  const user = await stack.createUser('sales');
  let { refreshToken } = await stack.login(user);
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve, 700));
    const next = await refresh(refreshToken);
    expect(next.status).toBe(200);
    refreshToken = next.body.refreshToken;
  }
  await new Promise((resolve) => setTimeout(resolve, 1500));
  expect((await refresh(refreshToken)).status).toBe(401);
});

it('keeps the last active superadmin and refuses self-demotion, self-deactivation and self-reset', async () => {
  const { user: last, token } = await onlySuperadmin();
  const sales = await stack.knex('roles').where({ code: 'sales' }).first();

  const demoteSelf = await patchUser(token, last.id, { roleId: sales.id });
  expect(demoteSelf.status).toBe(409);
  expect(demoteSelf.body.errors).toEqual([expect.objectContaining({ field: 'roleId' })]);
  expect((await patchUser(token, last.id, { isActive: false })).body.errors[0].field).toBe('isActive');
  expect((await patchUser(token, last.id, { password: 'my-own-new-pass' })).body.errors[0].field).toBe('password');

  // A second superadmin may demote the first; then the second is the last one and stays.
  const second = await stack.createUser('superadmin');
  const secondToken = (await stack.login(second)).accessToken;
  expect((await patchUser(secondToken, last.id, { roleId: sales.id })).status).toBe(200);
  expect((await me(token)).status).toBe(401);
  // The second is now the last one: deactivating them is refused (the rule itself: test/unit/account-safety.test.ts).
  expect((await patchUser(secondToken, second.id, { isActive: false })).status).toBe(409);
  expect(await stack.knex('users').where({ id: second.id }).first('is_active')).toEqual({ is_active: true });
});

it('does not lock colleagues at a shared address out when someone there guesses made-up accounts', async () => {
  const colleague = await stack.createUser('sales');
  await stack.login(colleague); // known at this address from now on
  for (let i = 0; i < 3; i++)
    expect(
      (await stack.request('POST', '/api/auth/login', { body: { login: `nobody-${i}@x.test`, password: 'guess' } }))
        .status,
    ).toBe(401);
  const stranger = await stack.createUser('sales');
  const blocked = await stack.request('POST', '/api/auth/login', {
    body: { login: stranger.email, password: stranger.password },
  });
  expect(blocked.status).toBe(429);
  expect((await stack.login(colleague)).accessToken).toEqual(expect.any(String));
});
