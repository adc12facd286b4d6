import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { Config } from './config';
import { dataConverter } from './payload-codec';
import { startTemporalDevServer } from './temporal-dev-server';

export interface TemporalConnections {
  client: Client;
  /** The worker's connection; null in a process that runs no worker. */
  nativeConnection: NativeConnection | null;
  close(): Promise<void>;
}

/**
 * `embedded` starts the Temporal dev server in this process (npm start); `remote` connects to
 * TEMPORAL_ADDRESS, with the worker's native connection only when asked for.
 */
export async function openTemporal(
  config: Config,
  options: { mode: 'embedded' | 'remote'; worker: boolean },
): Promise<TemporalConnections> {
  if (options.mode === 'embedded') {
    const server = await startTemporalDevServer(config);
    return {
      client: server.client,
      nativeConnection: server.nativeConnection,
      close: () => server.teardown(),
    };
  }
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const nativeConnection = options.worker
    ? await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS })
    : null;
  return {
    client: new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter }),
    nativeConnection,
    close: async () => {
      await connection.close();
      await nativeConnection?.close();
    },
  };
}
