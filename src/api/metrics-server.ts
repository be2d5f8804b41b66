// The API's Prometheus metrics on a listener of their own (loopback by default): route latencies, pool use and
// command outcomes are for the operator's scraper, not for whoever can reach the API's port.
import http from 'node:http';
import type { Logger } from '../logger';
import { registry } from './metrics';

export interface MetricsListener {
  // null when the address was taken: metrics are a side channel, the API runs without them.
  port: number | null;
  stop: () => Promise<void>;
}

export async function serveMetrics(host: string, port: number, logger: Logger): Promise<MetricsListener> {
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'Content-Type': registry.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
  });
  try {
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  } catch (error) {
    logger.error({ err: error, host, port }, 'metrics listener not started (METRICS_HOST/METRICS_PORT)');
    return { port: null, stop: async () => {} };
  }
  return {
    port: (server.address() as { port: number }).port,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
