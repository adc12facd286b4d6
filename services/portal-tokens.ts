import { createHmac } from 'node:crypto';
import type { Mac } from '../domain/portal/session-token';

/**
 * What the portal's use cases need from configuration (runtime/portal-settings.ts builds it
 * once per process; the API and the worker must share `secret`).
 */
export interface PortalSettings {
  /** HMAC-SHA256 under the portal secret (PORTAL_SECRET or its derived default). */
  mac: Mac;
  sessionTtlMs: number;
  invoiceLinkTtlMs: number;
  /** Where browsers reach the API (PUBLIC_BASE_URL): links are absolute. */
  publicBaseUrl: string;
  /** The Temporal Web UI for the operator view's workflow links; null when unknown. */
  temporalUiUrl: string | null;
  temporalNamespace: string;
}

/** The MAC of the portal tokens: HMAC-SHA256, base64url. */
export function portalMac(secret: string): Mac {
  return (message) => createHmac('sha256', secret).update(message, 'utf8').digest('base64url');
}

/** `<base>/portal/login?token=...` (and `&next=...`), absolute. */
export function portalLoginUrl(publicBaseUrl: string, token: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/portal/login?token=${encodeURIComponent(token)}`;
}
