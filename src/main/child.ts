// A process `npm start` supervises: it reports readiness to the supervisor and leaves when the supervisor is gone.
import type { Logger } from '../logger';

export function reportReady(): void {
  process.send?.({ ready: true });
}

// Without an IPC channel (started by hand, `npm run api`), nothing changes.
export function leaveWithSupervisor(logger: Logger, stop: () => Promise<void>): void {
  if (!process.send) return;
  process.once('disconnect', () => {
    logger.warn('the supervisor is gone: stopping');
    stop()
      .catch((error) => logger.error({ err: error }, 'stopping failed'))
      .finally(() => process.exit(0));
  });
}
