// `npm run api`: the API alone, against DATABASE_URL and TEMPORAL_ADDRESS (scale-out; any number of them).
import { ensureAdmin } from '../auth/admin-bootstrap';
import { loadConfig } from '../config';
import { createKnex, migrateLatest } from '../db/knex';
import { logger } from '../logger';
import { createTemporalClient } from '../temporal/client';
import { onShutdown, runApi } from './roles';
import { leaveWithSupervisor, reportReady } from './child';
import { requireSetting } from './settings';

// Reconciliation on start: runs that failed (a business run should not: side channels are handed off) are named in
// the log for ops; /ready keeps the count.
async function reportFailedRuns(config: ReturnType<typeof loadConfig>, log: typeof logger): Promise<void> {
  const client = await createTemporalClient(
    requireSetting('TEMPORAL_ADDRESS', config.temporalAddress),
    config.temporalNamespace,
  );
  try {
    const failed: string[] = [];
    for await (const run of client.workflow.list({ query: 'ExecutionStatus = "Failed"' })) {
      failed.push(run.workflowId);
      if (failed.length >= 20) break;
    }
    if (failed.length) log.warn({ failed }, 'runs have failed: look at them in the Temporal UI (/ready counts them)');
  } catch (error) {
    log.warn({ err: error }, 'could not list failed runs');
  } finally {
    await client.connection.close();
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  const knex = createKnex(requireSetting('DATABASE_URL', config.databaseUrl));
  // Knex's migration lock makes concurrent starts safe.
  await migrateLatest(knex);
  await ensureAdmin(knex, config.adminEmail, config.adminPassword, logger);
  const api = await runApi(config, knex, requireSetting('TEMPORAL_ADDRESS', config.temporalAddress), logger);
  logger.info({ port: api.port }, 'API listening');
  await reportFailedRuns(config, logger);
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
