import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import { createHttpErpConnector, createResendMailer } from '../adapters/delivery';
import type { DeliveryDeps } from '../adapters/delivery-deps';
import { vetOutboundUrl, type OutboundUrlPolicy } from '../adapters/net/outbound-url';
import { createBrowserPool, type BrowserPool } from '../adapters/pdf';
import { temporalBillingCycles, type BillingCycles } from '../adapters/temporal/billing-cycles';
import { createEventDispatcher, type EventDispatcher } from '../adapters/temporal/event-dispatcher';
import { EventForwarder } from '../adapters/temporal/event-forwarder';
import type { Config } from './config';
import type { RuntimeMetrics } from './metrics';
import type { PortalSettings } from '../services/portal-tokens';

/** The outside world, built once per process from configuration. */
export interface Adapters {
  /** What delivery activities need: the PDF pool, Resend, the ERP, webhooks, the issuer. */
  delivery: DeliveryDeps;
  /** Starts delivery workflows: used by the API, the activities and the outbox relay. */
  dispatcher: EventDispatcher;
  /** The per-customer billing-cycle workflows, as the API sees them. */
  cycles: BillingCycles;
  /** Coalesces ledgered events into one signal per customer and window. */
  forwarder: EventForwarder;
}

/** The outbound URL policy of webhook and ERP URLs; unset, private addresses are denied. */
export function outboundPolicyOf(config: Config): OutboundUrlPolicy {
  return { allowPrivateAddresses: config.OUTBOUND_ALLOW_PRIVATE_ADDRESSES ?? false };
}

/**
 * The ERP base URL is operator configuration: checked once at start (a host name is
 * resolved), and a URL the policy denies stops the process rather than every sync failing.
 */
export async function checkOperatorUrls(config: Config): Promise<void> {
  if (config.ERP_BASE_URL === undefined) return;
  const verdict = await vetOutboundUrl(config.ERP_BASE_URL, outboundPolicyOf(config));
  if (verdict.kind === 'denied') {
    throw new Error(
      `ERP_BASE_URL is refused by the outbound URL policy (${verdict.reason}); ` +
        'set OUTBOUND_ALLOW_PRIVATE_ADDRESSES=true to allow private addresses',
    );
  }
}

export function createAdapters(
  config: Config,
  options: {
    client: Client;
    logger: Logger;
    metrics: RuntimeMetrics;
    pdf?: BrowserPool;
    portal: PortalSettings;
  },
): Adapters {
  const dispatcher = createEventDispatcher({
    client: options.client,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
  });
  const cycles = temporalBillingCycles(options.client, config.TEMPORAL_TASK_QUEUE);
  const forwarder = new EventForwarder(
    cycles,
    {
      windowMs: config.FORWARD_WINDOW_MS,
      minIntervalMs: config.FORWARD_MIN_INTERVAL_MS,
      maxEventsPerSignal: 2_000,
      retryDelayMs: 1_000,
      maxInFlight: config.FORWARD_MAX_IN_FLIGHT,
    },
    options.logger,
    options.metrics,
  );
  return {
    delivery: createDeliveryDeps(config, dispatcher, options, options.pdf),
    dispatcher,
    cycles,
    forwarder,
  };
}

/** Delivery from configuration: a part without its settings is null and its step skipped. */
function createDeliveryDeps(
  config: Config,
  dispatcher: EventDispatcher,
  { logger, metrics, portal }: { logger: Logger; metrics: RuntimeMetrics; portal: PortalSettings },
  pdf: BrowserPool | undefined,
): DeliveryDeps {
  return {
    issuer: {
      party: {
        name: config.ISSUER_NAME,
        addressLines: config.ISSUER_ADDRESS.split('|').filter((line) => line.trim() !== ''),
        countryCode: config.ISSUER_COUNTRY,
        vatId: config.ISSUER_VAT_ID ?? null,
        email: config.ISSUER_EMAIL ?? null,
      },
      paymentInstructions: {
        iban: config.ISSUER_IBAN ?? null,
        bic: config.ISSUER_BIC ?? null,
        note: config.PAYMENT_NOTE ?? null,
      },
    },
    // Chromium starts on the first render, so a process that never renders never launches it.
    pdf:
      pdf ??
      createBrowserPool({
        executablePath: config.CHROMIUM_PATH,
        size: config.PDF_BROWSERS,
        logger,
        metrics,
      }),
    publicBaseUrl: config.PUBLIC_BASE_URL ?? `http://127.0.0.1:${config.PORT}`,
    portal,
    mailer:
      config.RESEND_API_KEY === undefined
        ? null
        : createResendMailer({
            apiKey: config.RESEND_API_KEY,
            from: config.EMAIL_FROM,
            ...(config.RESEND_BASE_URL === undefined ? {} : { baseUrl: config.RESEND_BASE_URL }),
          }),
    erp:
      config.ERP_BASE_URL === undefined
        ? null
        : createHttpErpConnector({
            baseUrl: config.ERP_BASE_URL,
            timeoutMs: 30_000,
            policy: outboundPolicyOf(config),
            ...(config.ERP_TOKEN === undefined ? {} : { token: config.ERP_TOKEN }),
          }),
    dispatcher,
    webhookTimeoutMs: config.WEBHOOK_TIMEOUT_MS,
    outboundPolicy: outboundPolicyOf(config),
  };
}
