// No container runtime here, so the compose topology is checked as data: the services it needs, nothing retired
// upstream, migrations and search attributes once before the app starts, and every variable the app containers get
// is one src/config.ts (or the logger) reads.
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { projectRoot } from '../../src/config';
import { ALL_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';

type Service = {
  image?: string;
  build?: string;
  command?: string[] | string;
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string>;
  healthcheck?: object;
};
const compose = yaml.load(fs.readFileSync(path.join(projectRoot, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, Service>;
};
const { services } = compose;
const readSettings = [
  fs.readFileSync(path.join(projectRoot, 'src', 'config.ts'), 'utf8'),
  fs.readFileSync(path.join(projectRoot, 'src', 'logger.ts'), 'utf8'),
  fs.readFileSync(path.join(projectRoot, 'src', 'temporal', 'runtime-logging.ts'), 'utf8'),
].join('\n');

it('has the whole topology and none of the retired images', () => {
  expect(Object.keys(services).sort()).toEqual(
    [
      'api',
      'mail',
      'migrate',
      'postgres',
      'temporal',
      'temporal-admin-tools',
      'temporal-create-namespace',
      'temporal-db',
      'temporal-ui',
      'worker',
    ].sort(),
  );
  for (const service of Object.values(services)) expect(service.image ?? '').not.toMatch(/auto-setup/);
  expect(services.temporal.image).toMatch(/^temporalio\/server:/);
});

it('runs migrations and registers the search attributes once, before the API and workers', () => {
  expect(services.migrate.command).toEqual(['npm', 'run', 'migrate']);
  for (const name of ['api', 'worker']) {
    expect(services[name].depends_on).toMatchObject({
      migrate: { condition: 'service_completed_successfully' },
      'temporal-create-namespace': { condition: 'service_completed_successfully' },
    });
  }
  const registration = String(services['temporal-create-namespace'].command);
  for (const attribute of ALL_SEARCH_ATTRIBUTES) expect(registration).toContain(attribute.name);
  for (const name of ['postgres', 'temporal-db', 'temporal', 'api']) expect(services[name].healthcheck).toBeDefined();
});

it('gives the app containers only settings the app reads, with files in the shared database store', () => {
  for (const name of ['api', 'worker', 'migrate']) {
    const environment = services[name].environment!;
    for (const variable of Object.keys(environment))
      expect(readSettings).toMatch(new RegExp(`'${variable}'|process\\.env\\.${variable}\\b`));
    expect(environment).toMatchObject({ FILE_STORE: 'database', DATABASE_URL: expect.stringContaining('@postgres:') });
    expect(environment.TEMPORAL_ADDRESS).toBe('temporal:7233');
  }
});
