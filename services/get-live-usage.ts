import { forecastToPeriodEnd } from '../domain/invoice';
import type { Principal } from '../domain/principal';
import { loadVisibleCustomer } from './access';
import { loadLiveInvoice, type LiveInvoiceDeps, type LiveUsage } from './preview-invoice';

/** What the period costs so far (the preview's total) and at that rate by its end. */
export interface LiveCost {
  currency: string;
  accrued: string;
  forecast: string;
}

/**
 * Usage so far, with its cost so far and a forecast to the period end when the customer
 * has a plan (null otherwise). The cost is the total of the invoice the period would get now.
 */
export async function getLiveUsage(
  deps: LiveInvoiceDeps,
  principal: Principal,
  customerId: string,
): Promise<{ usage: LiveUsage; cost: LiveCost | null }> {
  const customer = await loadVisibleCustomer(deps.db, principal, customerId);
  const { usage, preview } = await loadLiveInvoice(deps, customer.id);
  const cost = preview && {
    currency: preview.currency,
    accrued: preview.totals.total,
    forecast: forecastToPeriodEnd(
      preview.totals.total,
      preview.currency,
      usage.period,
      usage.asOfMs,
    ),
  };
  return { usage, cost };
}
