// `npm run api`: the API alone, against DATABASE_URL and TEMPORAL_ADDRESS (scale-out; any number of them).
import { ensureAdmin } from '../auth/admin-bootstrap';
import { loadConfig } from '../config';
import { createKnex, migrateLatest } from '../db/knex';
import { logger } from '../logger';
import { onShutdown, runApi } from './roles';
import { leaveWithSupervisor, reportReady } from './child';
import { requireSetting } from './settings';

async function main(): Promise<void> {
  const config = loadConfig();
  const knex = createKnex(requireSetting('DATABASE_URL', config.databaseUrl));
  // Knex's migration lock makes concurrent starts safe.
  await migrateLatest(knex);
  await ensureAdmin(knex, config.adminEmail, config.adminPassword, logger);
  const api = await runApi(config, knex, requireSetting('TEMPORAL_ADDRESS', config.temporalAddress), logger);
  logger.info({ port: api.port }, 'API listening');
  const stop = async () => {
    await api.stop();
    await knex.destroy();
  };
  onShutdown(logger, stop);
  leaveWithSupervisor(logger, stop);
  reportReady();
}

main().catch((error) => {
  logger.error({ err: error }, 'API failed to start');
  process.exit(1);
});
