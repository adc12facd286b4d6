import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import { createHttpErpConnector, createResendMailer } from '../activities/delivery';
import type { DeliveryDeps } from '../activities/delivery-deps';
import { createEventDispatcher } from '../activities/event-dispatcher';
import { createBrowserPool } from '../activities/pdf';
import type { Config } from './config';

/** Delivery from configuration: the browser pool, Resend, the ERP and event dispatch. */
export function createDeliveryDeps(config: Config, client: Client, logger: Logger): DeliveryDeps {
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
    pdf: createBrowserPool({
      executablePath: config.CHROMIUM_PATH,
      size: config.PDF_BROWSERS,
      logger,
    }),
    publicBaseUrl: config.PUBLIC_BASE_URL ?? `http://127.0.0.1:${config.PORT}`,
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
            ...(config.ERP_TOKEN === undefined ? {} : { token: config.ERP_TOKEN }),
          }),
    dispatcher: createEventDispatcher({ client, taskQueue: config.TEMPORAL_TASK_QUEUE }),
    webhookTimeoutMs: config.WEBHOOK_TIMEOUT_MS,
  };
}
