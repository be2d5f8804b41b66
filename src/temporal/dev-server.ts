// Launches the Temporal CLI dev server (with the Web UI) when no TEMPORAL_ADDRESS is configured,
// with the project's search attributes registered.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { ALL_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { devServerExecutable } from './binaries';

export interface DevServer {
  address: string;
  stop(): Promise<void>;
}

export async function startDevServer(options: {
  dbFilename?: string;
  port?: number;
  uiPort?: number;
  namespace: string;
}): Promise<DevServer> {
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: devServerExecutable(),
      dbFilename: options.dbFilename,
      port: options.port,
      ui: options.uiPort !== undefined,
      uiPort: options.uiPort,
      namespace: options.namespace,
      searchAttributes: ALL_SEARCH_ATTRIBUTES,
      log: { format: 'pretty', level: 'error' },
    },
  });
  return { address: env.address, stop: () => env.teardown() };
}
