import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { DatabaseHandle } from '../db/client';
import { createEventDispatcher, dispatchPendingEvents } from '../activities/event-dispatcher';
import { createApp } from './app';
import { temporalBillingCycles } from './billing-cycles';
import { EventForwarder } from './event-forwarder';

export interface ApiServerOptions {
  database: DatabaseHandle;
  client: Client;
  taskQueue: string;
  logger: Logger;
  port: number;
  host?: string;
  backdatingWindowSeconds: number;
  futureToleranceSeconds: number;
  forwardWindowMs: number;
  forwardMaxInFlight?: number;
  bootstrapApiKey?: string;
  now?: () => number;
}

export interface RunningApi {
  url: string;
  forwarder: EventForwarder;
  /** Stops taking requests, then forwards what is buffered. */
  close(): Promise<void>;
}

export async function startApiServer(options: ApiServerOptions): Promise<RunningApi> {
  const cycles = temporalBillingCycles(options.client, options.taskQueue);
  const forwarder = new EventForwarder(
    cycles,
    {
      windowMs: options.forwardWindowMs,
      maxEventsPerSignal: 2_000,
      retryDelayMs: 1_000,
      maxInFlight: options.forwardMaxInFlight ?? 16,
    },
    options.logger,
  );
  const dispatcher = createEventDispatcher({
    client: options.client,
    taskQueue: options.taskQueue,
  });
  const now = options.now ?? Date.now;
  const app = createApp({
    database: options.database,
    cycles,
    forwarder,
    logger: options.logger,
    // A deadline, so a dead server fails the probe instead of being retried forever.
    pingTemporal: async () => {
      await options.client.connection.withDeadline(Date.now() + 2_000, () =>
        options.client.workflowService.getSystemInfo({}),
      );
    },
    now,
    dispatchEvents: async (customerId) => {
      try {
        await dispatchPendingEvents(options.database.db, dispatcher, { customerId }, now());
      } catch (error) {
        options.logger.warn({ err: error, customerId }, 'event dispatch deferred to the relay');
      }
    },
    ...(options.bootstrapApiKey === undefined ? {} : { bootstrapApiKey: options.bootstrapApiKey }),
    eventRules: {
      backdatingWindowMs: options.backdatingWindowSeconds * 1000,
      futureToleranceMs: options.futureToleranceSeconds * 1000,
    },
  });
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(options.port, options.host ?? '127.0.0.1', () =>
      resolve(listening),
    );
  });
  const { port } = server.address() as AddressInfo;
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
