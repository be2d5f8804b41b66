// `npm run contract`: writes the OpenAPI document the API serves to .data/contract/openapi.json (from the route
// declarations, no server needed), lints it with Redocly (0 errors or this fails), and generates the typed client
// test/contract/generated.d.ts that test/contract/client.ts uses, so `tsc` breaks when the API drifts from it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { allRoutes } from '../api/app';
import { buildOpenApi } from '../api/openapi';
import { projectRoot } from '../config';

const out = path.join(projectRoot, '.data', 'contract');
fs.mkdirSync(out, { recursive: true });
const document = path.join(out, 'openapi.json');
fs.writeFileSync(document, JSON.stringify(buildOpenApi(allRoutes), null, 2));
const bin = (name: string) => path.join(projectRoot, 'node_modules', '.bin', name);
execFileSync(bin('redocly'), ['lint', document, '--format', 'summary'], {
  stdio: 'inherit',
  cwd: projectRoot,
  env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
});
execFileSync(
  bin('openapi-typescript'),
  [document, '-o', path.join(projectRoot, 'test', 'contract', 'generated.d.ts')],
  {
    stdio: 'inherit',
    cwd: projectRoot,
  },
);
