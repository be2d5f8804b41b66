// `npm run migrate`: applies pending migrations to DATABASE_URL.
import { loadConfig } from '../config';
import { createKnex, migrateLatest } from '../db/knex';
import { logger } from '../logger';
import { requireSetting } from './settings';

async function main(): Promise<void> {
  const knex = createKnex(requireSetting('DATABASE_URL', loadConfig().databaseUrl));
  try {
    logger.info({ applied: await migrateLatest(knex) }, 'migrations done');
  } finally {
    await knex.destroy();
  }
}

main().catch((error) => {
  logger.error({ err: error }, 'migration failed');
  process.exit(1);
});
