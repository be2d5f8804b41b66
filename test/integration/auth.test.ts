// Authentication over HTTP: login, refresh rotation with reuse detection, logout, expiry, throttling.
import { signAccessToken } from '../../src/auth/access-tokens';
import { loadJwtKey } from '../../src/auth/jwt-key';
import { Stack, type TestUser } from '../support/stack';

let stack: Stack;
let user: TestUser;

beforeAll(async () => {
  stack = await Stack.start({ loginMaxFailuresPerAccount: 3, loginMaxFailuresPerIp: 12, loginWindowSeconds: 600 });
  user = await stack.createUser('sales');
});

afterAll(() => stack?.stop());

const login = (login: string, password: string) =>
  stack.request('POST', '/api/auth/login', { body: { login, password } });
const me = (token: string) => stack.request('GET', '/api/auth/me', { token });
const refresh = (refreshToken: string) => stack.request('POST', '/api/auth/refresh', { body: { refreshToken } });

describe('login', () => {
  it('accepts the email or the username and returns a token pair that works', async () => {
    const byEmail = await login(user.email, user.password);
    expect(byEmail.status).toBe(200);
    expect(byEmail.body).toMatchObject({
      tokenType: 'Bearer',
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
    });
    expect(new Date(byEmail.body.accessTokenExpiresAt).getTime()).toBeGreaterThan(Date.now());
    const username = (await stack.knex('users').where({ id: user.id }).first()).username;
    expect((await login(username.toUpperCase(), user.password)).status).toBe(200);

    const who = await me(byEmail.body.accessToken);
    expect(who.status).toBe(200);
    expect(who.body).toMatchObject({ id: user.id, email: user.email, role: { code: 'sales', scope: 'own' } });
    expect(who.body.permissions).toEqual(
      expect.arrayContaining([{ menu: 'quotation', view: true, add: true, edit: true, delete: true }]),
    );
    expect(who.body.permissions.map((p: { menu: string }) => p.menu)).not.toContain('role_access');
    expect(who.body.entities.map((e: { code: string }) => e.code)).toEqual(
      expect.arrayContaining(['ION', 'SIG', 'GSU']),
    );
  });

  it('refuses a wrong password and an unknown user alike, with 401 problem+json', async () => {
    const wrong = await login(user.email, 'not-the-password');
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('content-type')).toContain('application/problem+json');
    expect(wrong.body).toMatchObject({ status: 401, detail: 'username or password wrong' });
    const unknown = await login('nobody@test.local', 'whatever-password');
    expect(unknown.status).toBe(401);
    expect(unknown.body.detail).toBe(wrong.body.detail);
  });

  it('names the missing field', async () => {
    const response = await stack.request('POST', '/api/auth/login', { body: { login: user.email } });
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'password' })]);
  });

  it('refuses an inactive user', async () => {
    const inactive = await stack.createUser('sales');
    await stack.knex('users').where({ id: inactive.id }).update({ is_active: false });
    expect((await login(inactive.email, inactive.password)).status).toBe(401);
  });
});

describe('tokens', () => {
  it('rejects a missing, malformed or expired access token with 401', async () => {
    expect((await stack.request('GET', '/api/auth/me')).status).toBe(401);
    const garbage = await me('not.a.jwt');
    expect(garbage.status).toBe(401);
    expect(garbage.body.detail).toBe('invalid access token');
    const key = await loadJwtKey(stack.knex);
    const { token } = await signAccessToken(
      key,
      {
        userId: user.id,
        sessionId: '00000000-0000-4000-8000-000000000000',
        tokenId: '00000000-0000-4000-8000-000000000001',
      },
      60,
      new Date(Date.now() - 3600_000),
    );
    const expired = await me(token);
    expect(expired.status).toBe(401);
    expect(expired.body.detail).toBe('access token expired, use the refresh token');
    const forged = await signAccessToken(
      new TextEncoder().encode('another key entirely, 32+ bytes long'),
      {
        userId: user.id,
        sessionId: '00000000-0000-4000-8000-000000000000',
        tokenId: '00000000-0000-4000-8000-000000000001',
      },
      60,
    );
    expect((await me(forged.token)).status).toBe(401);
  });

  it('rotates the refresh token: the new pair works, the old refresh token is spent', async () => {
    const first = (await login(user.email, user.password)).body;
    const second = await refresh(first.refreshToken);
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first.refreshToken);
    expect((await me(second.body.accessToken)).status).toBe(200);
    const third = await refresh(second.body.refreshToken);
    expect(third.status).toBe(200);
  });

  it('revokes the access token a refresh replaces, and only that one', async () => {
    const first = (await login(user.email, user.password)).body;
    const other = (await login(user.email, user.password)).body;
    expect((await me(first.accessToken)).status).toBe(200);
    const second = (await refresh(first.refreshToken)).body;
    const old = await me(first.accessToken);
    expect(old.status).toBe(401);
    expect(old.body.detail).toBe('access token replaced by a refresh; use the newest one');
    expect((await me(second.accessToken)).status).toBe(200);
    // The session goes on: its next refresh works, and another session of the user is untouched.
    expect((await refresh(second.refreshToken)).status).toBe(200);
    expect((await me(second.accessToken)).status).toBe(401);
    expect((await me(other.accessToken)).status).toBe(200);
  });

  it('revokes the whole session when a spent refresh token is presented again', async () => {
    const first = (await login(user.email, user.password)).body;
    const second = (await refresh(first.refreshToken)).body;
    const replay = await refresh(first.refreshToken);
    expect(replay.status).toBe(401);
    expect(replay.body.detail).toMatch(/already used/);
    // Everything of that session is dead now: the newer refresh token and its access token.
    expect((await refresh(second.refreshToken)).status).toBe(401);
    expect((await me(second.accessToken)).status).toBe(401);
    // Another session of the same user is untouched.
    const other = (await login(user.email, user.password)).body;
    expect((await me(other.accessToken)).status).toBe(200);
  });

  it('refuses unknown refresh tokens and names a missing one', async () => {
    expect((await refresh('definitely-not-issued')).status).toBe(401);
    const missing = await stack.request('POST', '/api/auth/refresh', { body: {} });
    expect(missing.status).toBe(422);
    expect(missing.body.errors[0].field).toBe('refreshToken');
  });

  it('logout revokes the current session only', async () => {
    const a = (await login(user.email, user.password)).body;
    const b = (await login(user.email, user.password)).body;
    expect((await stack.request('POST', '/api/auth/logout', { token: a.accessToken })).status).toBe(204);
    expect((await me(a.accessToken)).status).toBe(401);
    expect((await refresh(a.refreshToken)).status).toBe(401);
    expect((await me(b.accessToken)).status).toBe(200);
  });
});

describe('throttling', () => {
  it('blocks an account after repeated failures, even with the right password', async () => {
    const victim = await stack.createUser('sales');
    for (let i = 0; i < 3; i++) expect((await login(victim.email, 'wrong-password')).status).toBe(401);
    const blocked = await login(victim.email, victim.password);
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toBe('600');
    // Other accounts are not affected by this account's failures.
    expect((await login(user.email, user.password)).status).toBe(200);
  });

  it('blocks an IP address after repeated failures across accounts, except for accounts known there', async () => {
    // Every request here comes from the same loopback address, so all recorded failures count against it.
    const before = Number((await stack.knex('login_failures').count({ n: '*' }))[0].n);
    let status = 0;
    for (let i = before; i < 12; i++) status = (await login(`spray-${i}@test.local`, 'wrong-password')).status;
    expect(status).toBe(401);
    const newcomer = await stack.createUser('sales');
    expect((await login(newcomer.email, newcomer.password)).status).toBe(429);
    // `user` signed in from this address before: a colleague behind the same office address is not locked out.
    expect((await login(user.email, user.password)).status).toBe(200);
  });
});
