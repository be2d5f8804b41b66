// Owns the parts `npm start` runs (Postgres, the Temporal dev server, the worker, the API) as separately restartable
// units: started in order, each watched; one that exits unexpectedly is restarted with backoff (1 s doubling to 30 s,
// reset after a minute of health) and the restart is logged; a part stopped by SIGINT/SIGTERM, or a signal to the
// supervisor, stops every part in reverse order.
import type { Logger } from '../logger';

export interface RunningPart {
  pid?: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

export interface Part {
  name: string;
  start(): Promise<RunningPart>;
}

const OPERATOR_SIGNALS: Array<NodeJS.Signals | null> = ['SIGINT', 'SIGTERM'];
const MAX_BACKOFF_MS = 30_000;
const HEALTHY_AFTER_MS = 60_000;

export class Supervisor {
  private readonly running = new Map<string, RunningPart>();
  private readonly order: Part[] = [];
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly logger: Logger,
    private readonly onStopRequested: () => void,
  ) {}

  // Starts a part and keeps it running until stopAll.
  async add(part: Part): Promise<RunningPart> {
    this.order.push(part);
    const running = await part.start();
    this.watch(part, running, Date.now(), 1000);
    return running;
  }

  private watch(part: Part, running: RunningPart, startedAt: number, backoff: number): void {
    this.running.set(part.name, running);
    void running.exited.then(async ({ code, signal }) => {
      if (this.stopping) return;
      if (OPERATOR_SIGNALS.includes(signal)) {
        this.logger.info({ part: part.name, signal }, 'a part was stopped by a signal: stopping everything');
        this.onStopRequested();
        return;
      }
      let delay = Date.now() - startedAt > HEALTHY_AFTER_MS ? 1000 : backoff;
      this.logger.error(
        { part: part.name, code, signal, restartInMs: delay },
        'a part exited unexpectedly; restarting',
      );
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, delay));
        if (this.stopping) return;
        try {
          const again = await part.start();
          this.logger.warn({ part: part.name, pid: again.pid }, 'part restarted');
          this.watch(part, again, Date.now(), Math.min(delay * 2, MAX_BACKOFF_MS));
          return;
        } catch (error) {
          delay = Math.min(delay * 2, MAX_BACKOFF_MS);
          this.logger.error({ part: part.name, err: error, retryInMs: delay }, 'restarting a part failed');
        }
      }
    });
  }

  // Stops every part, the last started first; idempotent.
  stopAll(): Promise<void> {
    this.stopping ??= (async () => {
      for (const part of [...this.order].reverse()) {
        const running = this.running.get(part.name);
        if (!running) continue;
        try {
          await running.stop();
          this.logger.info({ part: part.name }, 'part stopped');
        } catch (error) {
          this.logger.warn({ part: part.name, err: error }, 'stopping a part failed');
        }
      }
    })();
    return this.stopping;
  }
}
