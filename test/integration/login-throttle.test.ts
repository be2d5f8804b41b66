// The login throttle under parallel attempts: a limit of 5 lets exactly 5 wrong passwords through however many
// arrive at once, and a right password among wrong ones never wipes the failures recorded for the account.
import { Stack } from '../support/stack';

let stack: Stack;

beforeAll(async () => {
  stack = await Stack.start({ loginMaxFailuresPerAccount: 5, loginMaxFailuresPerIp: 500, loginWindowSeconds: 600 });
});

afterAll(() => stack?.stop());

const login = (login: string, password: string) =>
  stack.request('POST', '/api/auth/login', { body: { login, password } });

it('answers 429 to all but 5 of 19 wrong passwords sent at once', async () => {
  const victim = await stack.createUser('sales');
  const answers = await Promise.all(Array.from({ length: 19 }, () => login(victim.email, 'wrong-password')));
  const statuses = answers.map((a) => a.status).sort();
  expect(statuses.filter((s) => s === 401)).toHaveLength(5);
  expect(statuses.filter((s) => s === 429)).toHaveLength(14);
  expect((await login(victim.email, victim.password)).status).toBe(429);
});

it('keeps the failures of wrong passwords sent alongside a right one', async () => {
  const victim = await stack.createUser('sales');
  const answers = await Promise.all([
    ...Array.from({ length: 30 }, () => login(victim.email, 'wrong-password')),
    login(victim.email, victim.password),
  ]);
  const wrong = answers.filter((a) => a.status === 401).length;
  const right = answers.filter((a) => a.status === 200).length;
  expect(wrong + right).toBe(5);
  const [{ n }] = await stack.knex('login_failures').where({ account: victim.email }).count({ n: '*' });
  expect(Number(n)).toBe(wrong);
});
