// Sends the Temporal SDK's own logs (worker, bundler, core) through our structured logger, and its metrics to Prometheus.
import type { LogLevel, LogMetadata, Logger as SdkLogger } from '@temporalio/common';
import { Runtime } from '@temporalio/worker';
import type { Logger } from '../logger';

let installed = false;

export function sdkLogger(logger: Logger): SdkLogger {
  const child = logger.child({ component: 'temporal' });
  const at = (level: 'trace' | 'debug' | 'info' | 'warn' | 'error') => (message: string, meta?: LogMetadata) =>
    child[level](meta ?? {}, message);
  return {
    log: (level: LogLevel, message: string, meta?: LogMetadata) => at(level.toLowerCase() as 'info')(message, meta),
    trace: at('trace'),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
}

// Once per process, before the first worker connection (the SDK allows one install). With TEMPORAL_METRICS_ADDRESS
// (host:port) the SDK also serves its worker metrics (task latencies, slots, polls) in Prometheus format there.
export function installTemporalLogging(logger: Logger, metricsAddress = process.env.TEMPORAL_METRICS_ADDRESS): void {
  if (installed) return;
  installed = true;
  Runtime.install({
    logger: sdkLogger(logger),
    ...(metricsAddress ? { telemetryOptions: { metrics: { prometheus: { bindAddress: metricsAddress } } } } : {}),
  });
}
