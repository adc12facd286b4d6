import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { portalMac, type PortalSettings } from '../services/portal-tokens';
import type { Config } from './config';

/**
 * The portal secret, which every API and worker process must share (links the worker puts
 * in emails are opened by the API):
 * 1. PORTAL_SECRET when set (production: set it, 32+ characters);
 * 2. else derived from BILLING_API_KEY (HMAC with a fixed label), so processes that share
 *    the bootstrap key agree without another setting;
 * 3. else generated once into DATA_DIR/portal-secret (mode 0600): the embedded stack of
 *    `npm start`, one process.
 */
export function portalSecret(config: Config): string {
  if (config.PORTAL_SECRET !== undefined) return config.PORTAL_SECRET;
  if (config.BILLING_API_KEY !== undefined) {
    return createHmac('sha256', config.BILLING_API_KEY)
      .update('usage-billing/portal-secret/v1')
      .digest('base64url');
  }
  const file = path.join(config.DATA_DIR, 'portal-secret');
  if (!existsSync(file)) {
    mkdirSync(config.DATA_DIR, { recursive: true });
    writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

/** The portal's settings from configuration; `embedded`: the Temporal UI is the dev server's. */
export function portalSettings(config: Config, options: { embedded: boolean }): PortalSettings {
  return {
    mac: portalMac(portalSecret(config)),
    sessionTtlMs: config.PORTAL_SESSION_TTL_SECONDS * 1000,
    invoiceLinkTtlMs: config.PORTAL_INVOICE_LINK_TTL_SECONDS * 1000,
    publicBaseUrl: config.PUBLIC_BASE_URL ?? `http://127.0.0.1:${config.PORT}`,
    temporalUiUrl:
      config.TEMPORAL_UI_URL ??
      (options.embedded ? `http://127.0.0.1:${config.TEMPORAL_UI_PORT}` : null),
    temporalNamespace: config.TEMPORAL_NAMESPACE,
  };
}
