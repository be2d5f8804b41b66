// `npm run worker`: a worker alone, against DATABASE_URL and TEMPORAL_ADDRESS (scale-out).
import { loadConfig } from '../config';
import { createKnex } from '../db/knex';
import { logger } from '../logger';
import { Connection } from '@temporalio/client';
import { registerSearchAttributes } from '../temporal/search-attribute-registration';
import { onShutdown, runWorker } from './roles';
import { leaveWithSupervisor, reportReady } from './child';
import { requireSetting } from './settings';

async function main(): Promise<void> {
  const config = loadConfig();
  const address = requireSetting('TEMPORAL_ADDRESS', config.temporalAddress);
  const connection = await Connection.connect({ address });
  await registerSearchAttributes(connection, config.temporalNamespace);
  await connection.close();
  const knex = createKnex(requireSetting('DATABASE_URL', config.databaseUrl));
  const worker = await runWorker(config, knex, address, logger);
  const stop = async () => {
    await worker.stop();
    await knex.destroy();
  };
  onShutdown(logger, stop);
  leaveWithSupervisor(logger, stop);
  reportReady();
}

main().catch((error) => {
  logger.error({ err: error }, 'worker failed to start');
  process.exit(1);
});
