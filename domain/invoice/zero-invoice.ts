import type { DraftInvoice } from './draft-invoice';
import { isEmptyInvoice } from './draft-invoice';

/**
 * Whether a period's draft is left unissued: the customer opted out of zero invoices
 * (`zeroUsageInvoices: false`) and the draft charges nothing (see isEmptyInvoice). Without
 * a billing profile the default applies: zero invoices are issued.
 */
export function skipsZeroInvoice(
  profile: { zeroUsageInvoices: boolean } | null,
  draft: DraftInvoice,
): boolean {
  return profile !== null && !profile.zeroUsageInvoices && isEmptyInvoice(draft);
}
