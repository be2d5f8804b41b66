// Root in a private folder: a folder the "postgres" user cannot enter is detected, and the cluster then lives where
// it can, linked from the data folder; a link that is gone means a fresh cluster.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { clusterDir, reachableByOthers, RUNTIME_BASE } from '../../src/db/postgres-runtime';

const asRoot = process.getuid?.() === 0;

it('sees whether every folder on the way lets others through', () => {
  const open = fs.mkdtempSync(path.join(os.tmpdir(), 'cais-open-'));
  fs.chmodSync(open, 0o755);
  fs.mkdirSync(path.join(open, 'a', 'b'), { recursive: true });
  const closed = fs.mkdtempSync(path.join(os.tmpdir(), 'cais-closed-'));
  fs.chmodSync(closed, 0o700);
  fs.mkdirSync(path.join(closed, 'a'), { recursive: true });
  expect(reachableByOthers(path.join(open, 'a', 'b'))).toBe(true);
  expect(reachableByOthers(path.join(closed, 'a'))).toBe(false);
  fs.rmSync(open, { recursive: true });
  fs.rmSync(closed, { recursive: true });
});

(asRoot ? it : it.skip)(
  'as root, keeps a private project’s cluster under RUNTIME_BASE, linked from the data folder',
  () => {
    const project = fs.mkdtempSync(path.join(os.tmpdir(), 'cais-private-'));
    fs.chmodSync(project, 0o700);
    const dataDir = path.join(project, '.data', 'postgres');
    const cluster = clusterDir(dataDir);
    expect(cluster.startsWith(path.join(RUNTIME_BASE, 'clusters'))).toBe(true);
    expect(fs.readlinkSync(dataDir)).toBe(cluster);
    fs.mkdirSync(cluster, { recursive: true });
    fs.writeFileSync(path.join(cluster, 'PG_VERSION'), '18');
    expect(clusterDir(dataDir)).toBe(cluster);
    expect(fs.existsSync(path.join(cluster, 'PG_VERSION'))).toBe(true);
    // The data folder deleted: the old cluster must not come back with a fresh Temporal state.
    fs.rmSync(path.join(project, '.data'), { recursive: true });
    expect(clusterDir(dataDir)).toBe(cluster);
    expect(fs.existsSync(path.join(cluster, 'PG_VERSION'))).toBe(false);
    fs.rmSync(cluster, { recursive: true, force: true });
    fs.rmSync(project, { recursive: true });
  },
);
