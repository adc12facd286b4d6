import type { Client } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import type { Logger } from 'pino';
import type { BrowserPool } from '../adapters/pdf';
import type { DatabaseHandle } from '../db/client';
import { checkOperatorUrls, createAdapters, type Adapters } from './adapters';
import type { Config } from './config';
import { openConfiguredDatabase } from './database';
import { createLogger } from './logger';
import { createMetrics, type RuntimeMetrics } from './metrics';
import { openTemporal, type TemporalConnections } from './temporal';
import { portalSettings } from './portal-settings';
import type { PortalSettings } from '../services/portal-tokens';

/** Everything a process of the engine uses, built once; `close()` releases what it built. */
export interface Runtime {
  config: Config;
  logger: Logger;
  database: DatabaseHandle;
  client: Client;
  /** The worker's Temporal connection; null in an API-only process. */
  nativeConnection: NativeConnection | null;
  adapters: Adapters;
  /** The process's one metrics registry, served by the API's /metrics and the worker's port. */
  metrics: RuntimeMetrics;
  /** Portal links and sessions (the API signs and checks them, the worker's emails carry links). */
  portal: PortalSettings;
  now: () => number;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /** The logger's name: stack, api, worker. */
  name: string;
  /** `embedded` starts the Temporal dev server here; `remote` (default) connects to it. */
  temporal?: 'embedded' | 'remote';
  /** Open the worker's native connection too (a remote Temporal only). */
  worker?: boolean;
  /** Pieces the caller already has (tests, benches); the caller closes them. */
  overrides?: RuntimeOverrides;
}

export interface RuntimeOverrides {
  logger?: Logger;
  /** Open and migrated. */
  database?: DatabaseHandle;
  /** A running Temporal, e.g. a TestWorkflowEnvironment's client and nativeConnection. */
  temporal?: { client: Client; nativeConnection?: NativeConnection };
  /** The API's clock. */
  now?: () => number;
  /** A PDF pool of the caller's (the invoice-run bench times its renders). */
  pdf?: BrowserPool;
}

export async function createRuntime(config: Config, options: RuntimeOptions): Promise<Runtime> {
  const overrides = options.overrides ?? {};
  const logger = overrides.logger ?? createLogger(config.LOG_LEVEL, options.name);
  // Process metrics only in the mains: tests and benches build many runtimes per process.
  const metrics = createMetrics({ processMetrics: options.overrides === undefined });
  const closers: (() => Promise<void>)[] = [];
  const close = async (): Promise<void> => {
    for (const closer of closers.splice(0).reverse()) await closer();
  };
  try {
    await checkOperatorUrls(config);
    const database = overrides.database ?? (await openConfiguredDatabase(config));
    if (!overrides.database) closers.push(() => database.close());
    const temporal: TemporalConnections = overrides.temporal
      ? { nativeConnection: null, ...overrides.temporal, close: () => Promise.resolve() }
      : await openTemporal(config, {
          mode: options.temporal ?? 'remote',
          worker: options.worker ?? false,
        });
    closers.push(() => temporal.close());
    const portal = portalSettings(config, { embedded: options.temporal === 'embedded' });
    if (
      config.PORTAL_SECRET === undefined &&
      options.temporal !== 'embedded' &&
      !options.overrides
    ) {
      logger.warn(
        'PORTAL_SECRET is not set: portal links are signed with a key derived from BILLING_API_KEY ' +
          'or kept in DATA_DIR; set the same PORTAL_SECRET on every API and worker process',
      );
    }
    const adapters = createAdapters(config, {
      portal,
      client: temporal.client,
      logger,
      metrics,
      ...(overrides.pdf ? { pdf: overrides.pdf } : {}),
    });
    if (!overrides.pdf) closers.push(() => adapters.delivery.pdf.close());
    // Last in, first out: what the forwarder still holds is signalled before Temporal goes.
    closers.push(() => adapters.forwarder.close());
    return {
      config,
      logger,
      database,
      client: temporal.client,
      nativeConnection: temporal.nativeConnection,
      adapters,
      metrics,
      portal,
      now: overrides.now ?? Date.now,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
