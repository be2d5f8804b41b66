// The rules ARCHITECTURE.md states are enforced by eslint.config.mjs: each fails on a planted violation.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

jest.setTimeout(120_000);

const root = path.resolve(__dirname, '../..');

// What ESLint reports for files planted at the given paths (then removed), rule id and message per finding. One
// run of the CLI for all of them: the config is an ES module that Jest's CommonJS sandbox cannot load, and the
// type-aware setup costs seconds per run.
function lint(files: Record<string, string>): Record<string, string[]> {
  const planted = Object.keys(files).map((file) => path.join(root, file));
  try {
    Object.entries(files).forEach(([file, code]) => fs.writeFileSync(path.join(root, file), code));
    const run = spawnSync(path.join(root, 'node_modules/.bin/eslint'), ['--format', 'json', ...planted], {
      cwd: root,
      encoding: 'utf8',
    });
    const results = JSON.parse(run.stdout) as Array<{ filePath: string; messages: Array<Record<string, string>> }>;
    return Object.fromEntries(
      results.map((r) => [path.relative(root, r.filePath), r.messages.map((m) => `${m.ruleId}: ${m.message}`)]),
    );
  } finally {
    planted.forEach((file) => fs.rmSync(file, { force: true }));
  }
}

const dated = "export const contract = { start: '2027-01-01', end: `2027-12-31` };\n";
const stamp = `${process.pid}-${Date.now()}`;
const integration = `test/integration/planted-${stamp}.ts`;
const unit = `test/unit/planted-${stamp}.ts`;
const longAgo = `test/integration/planted-long-ago-${stamp}.ts`;
const service = `src/services/planted-${stamp}.ts`;
const route = `src/api/routes/planted-${stamp}.ts`;

let found: Record<string, string[]>;
beforeAll(() => {
  found = lint({
    [integration]: dated,
    [unit]: dated,
    [longAgo]: "export const since = '2000-01-01';\n",
    [service]: "export { asProblem } from '../api/problem';\n",
    [route]: 'export const save = (knex: { transaction: (fn: () => void) => void }) => knex.transaction(() => {});\n',
  });
});

it('refuses a literal calendar date in a suite that runs against the live stack', () => {
  expect(found[integration]).toEqual([
    expect.stringContaining('no-restricted-syntax: a literal calendar date'),
    expect.stringContaining('no-restricted-syntax: a literal calendar date'),
  ]);
  // Unit tests of calendar arithmetic may name days; a day before 2020 stands for "long ago".
  expect(found[unit]).toEqual([]);
  expect(found[longAgo]).toEqual([]);
});

it('keeps the layers: nothing below src/api imports it, and a route opens no transaction', () => {
  expect(found[service]).toEqual([expect.stringContaining('lower layers never import src/api/')]);
  expect(found[route]).toEqual([expect.stringContaining('a route opens no transaction')]);
});
