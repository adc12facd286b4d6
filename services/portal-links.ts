import type { Database } from '../db/client';
import { BillingError } from '../domain/errors';
import { isPortalPath, signToken } from '../domain/portal/session-token';
import type { Principal } from '../domain/principal';
import { loadVisibleUsageScope } from './access';
import { portalLoginUrl, type PortalSettings } from './portal-tokens';

/** The longest a link an operator asks for may live: 30 days. */
export const MAX_LINK_TTL_SECONDS = 30 * 24 * 3600;

/**
 * POST /v1/customers/{id}/portal-sessions: a signed link that opens the portal as that one
 * customer, valid `ttlSeconds` (PORTAL_SESSION_TTL_SECONDS by default). Nothing is stored.
 * With `projectId` (a project of that customer, else project_not_found) the session's
 * principal carries it, so the portal sees what a key of that project sees.
 */
export async function createPortalLink(
  deps: {
    db: Database;
    portal: Pick<PortalSettings, 'mac' | 'sessionTtlMs' | 'publicBaseUrl'>;
    now: () => number;
  },
  principal: Principal,
  input: { customerId: string; ttlSeconds?: number; next?: string; projectId?: string },
): Promise<{ url: string; expiresAtMs: number }> {
  // The link route is the operator's: its principal reads every project of the customer.
  const { customer, projectId } = await loadVisibleUsageScope(
    deps.db,
    principal,
    input.customerId,
    input.projectId,
  );
  if (input.next !== undefined && !isPortalPath(input.next)) {
    throw new BillingError('invalid_request', 'the link is invalid', {
      details: [{ field: 'next', message: 'must be a path under /portal/' }],
    });
  }
  const ttlMs = input.ttlSeconds === undefined ? deps.portal.sessionTtlMs : input.ttlSeconds * 1000;
  const expiresAtMs = deps.now() + ttlMs;
  const token = signToken(
    {
      principal: {
        kind: 'customer',
        customerId: customer.id,
        ...(projectId === null ? {} : { projectId }),
      },
      purpose: 'link',
      expiresAtMs,
      next: input.next ?? null,
      keyId: null,
    },
    deps.portal.mac,
  );
  return { url: portalLoginUrl(deps.portal.publicBaseUrl, token), expiresAtMs };
}

/**
 * The invoice email's "View invoice" link: opens that invoice in the portal, as its customer,
 * until `issuedAtMs` + PORTAL_INVOICE_LINK_TTL_SECONDS. From the invoice's own issue instant,
 * not the clock, so a retried email carries the same link (Resend's idempotency key refuses
 * the same key with other content).
 */
export function invoicePortalLink(
  portal: Pick<PortalSettings, 'mac' | 'invoiceLinkTtlMs' | 'publicBaseUrl'>,
  invoice: { id: string; customerId: string; issuedAtMs: number },
): string {
  const token = signToken(
    {
      principal: { kind: 'customer', customerId: invoice.customerId },
      purpose: 'link',
      expiresAtMs: invoice.issuedAtMs + portal.invoiceLinkTtlMs,
      next: `/portal/invoices/${encodeURIComponent(invoice.id)}`,
      keyId: null,
    },
    portal.mac,
  );
  return portalLoginUrl(portal.publicBaseUrl, token);
}
