import type { Database } from '../db/client';
import { loadPlanTermsAt } from '../db/repositories/plan-terms.repository';
import { loadCustomerTaxRates } from '../db/repositories/tax-rates.repository';
import type { Customer } from '../domain/customer';
import { BillingError } from '../domain/errors';
import { draftInvoice, usageGroupsOf, type DraftInvoice } from '../domain/invoice';
import type { LiveUsage } from '../workflows/definitions';
import type { BillingCycles } from './billing-cycles';

/**
 * The current period so far: live usage from the workflow (as of `nowMs`) and, when the
 * customer has a plan, that usage rated as if the period closed now.
 */
export async function loadLiveInvoice(
  db: Database,
  cycles: BillingCycles,
  customer: Customer,
  nowMs: number,
): Promise<{ usage: LiveUsage; preview: DraftInvoice | null }> {
  let usage: LiveUsage;
  try {
    usage = await cycles.queryUsage(customer.id, nowMs, true);
  } catch (error) {
    throw new BillingError('temporal_unavailable', 'live usage is unavailable right now', {
      retryable: true,
      cause: error,
    });
  }
  const terms = await loadPlanTermsAt(db, customer.id, nowMs);
  const taxRates = await loadCustomerTaxRates(db, customer.id);
  const preview =
    terms &&
    draftInvoice({
      taxRates,
      customerId: customer.id,
      period: usage.period,
      terms,
      usage: usageGroupsOf(usage.resources),
    });
  return { usage, preview };
}
