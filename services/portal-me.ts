import type { Database } from '../db/client';
import type { Principal } from '../domain/principal';
import { loadCustomerWithProfile } from '../db/repositories/customers.repository';
import { BillingError } from '../domain/errors';
import type { PortalSettings } from './portal-tokens';

export interface PortalMe {
  principal: Principal;
  customer: { id: string; name: string; currency: string; locale: string; timeZone: string } | null;
  /** When the session ends; null when the caller authenticated with an API key. */
  expiresAtMs: number | null;
  /** The Temporal Web UI, for operators only. */
  temporalUiUrl: string | null;
}

/** GET /v1/portal/me: who the portal is signed in as, and that customer's display settings. */
export async function describePortalSession(
  deps: { db: Database; portal: Pick<PortalSettings, 'temporalUiUrl'> },
  principal: Principal,
  expiresAtMs: number | null,
): Promise<PortalMe> {
  let customer: PortalMe['customer'] = null;
  if (principal.kind === 'customer') {
    // The session's own customer, also for a project key: it is that organization's name and
    // display settings, which a project key sees on its invoice sections too.
    const found = await loadCustomerWithProfile(deps.db, principal.customerId);
    if (!found) throw new BillingError('customer_not_found', `no customer ${principal.customerId}`);
    customer = {
      id: found.customer.id,
      name: found.customer.name,
      currency: found.customer.currency,
      locale: found.profile.locale,
      timeZone: found.customer.timezone,
    };
  }
  return {
    principal,
    customer,
    expiresAtMs,
    temporalUiUrl: principal.kind === 'operator' ? deps.portal.temporalUiUrl : null,
  };
}
