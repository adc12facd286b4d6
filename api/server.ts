import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EventForwarder } from '../adapters/temporal/event-forwarder';
import { createApp } from './app';
import type { ApiDeps } from './deps';

export interface ApiServerOptions {
  deps: ApiDeps;
  port: number;
  host?: string;
}

export interface RunningApi {
  url: string;
  forwarder: EventForwarder;
  /** Stops taking requests, then forwards what is buffered. */
  close(): Promise<void>;
}

/** Serves the app on a port; its dependencies come built (runtime/start-api.ts). */
export async function startApiServer(options: ApiServerOptions): Promise<RunningApi> {
  const app = createApp(options.deps);
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(options.port, options.host ?? '127.0.0.1', () =>
      resolve(listening),
    );
  });
  const { port } = server.address() as AddressInfo;
  const { forwarder } = options.deps;
  return {
    url: `http://127.0.0.1:${port}`,
    forwarder,
    close: async () => {
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
      await forwarder.close();
    },
  };
}
