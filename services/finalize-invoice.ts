import type { Database } from '../db/client';
import { recordBillingEvents } from '../db/repositories/billing-events.repository';
import { recordCouponPeriods } from '../db/repositories/coupons.repository';
import { loadCreditBalance, lockCustomerLedger } from '../db/repositories/credits.repository';
import { loadInvoice, lockInvoice, saveFinalization } from '../db/repositories/invoices.repository';
import { nextInSequence } from '../db/repositories/sequences.repository';
import { isWellFormedInvoiceId } from '../domain/ids';
import {
  decideFinalization,
  invoiceNumbering,
  needsFinalization,
  type StoredInvoice,
} from '../domain/invoice';
import { addCreditEntry } from './credit-ledger';

export interface Finalization {
  finalizedAtMs: number;
  /** Numbers restart per sequence key; default: per UTC year of finalization (INV-2026). */
  sequenceKey?: string;
  /** Formats the n-th number of the sequence: 42 -> "INV-2026-000042". */
  format?: (n: number) => string;
}

/**
 * Finalizes a draft in one transaction: the invoice row is locked, then the customer's row
 * (two invoices never spend the same credits), then the sequence row when the next number
 * is taken (gapless, each used once). decideFinalization fixes the credits, the due date,
 * paid-at-once and the events; they are saved with the coupon periods counted and the
 * credit consumption recorded. Finalizing a final invoice again changes nothing. Null: no
 * such invoice (a malformed id included).
 *
 * Called by the period close (activities) and POST /v1/invoices/{id}/finalize.
 */
export async function finalizeInvoice(
  db: Database,
  invoiceId: string,
  finalization: Finalization,
): Promise<StoredInvoice | null> {
  if (!isWellFormedInvoiceId(invoiceId)) return null;
  const found = await db.transaction(async (tx) => {
    const invoice = await lockInvoice(tx, invoiceId);
    if (!invoice) return false;
    if (!needsFinalization(invoice.status)) return true;
    const customer = await lockCustomerLedger(tx, invoice.customerId);
    const creditBalance = await loadCreditBalance(tx, invoice.customerId, invoice.currency);
    const numbering = invoiceNumbering(finalization.finalizedAtMs);
    const sequenceKey = finalization.sequenceKey ?? numbering.sequenceKey;
    const format = finalization.format ?? numbering.format;
    const decision = decideFinalization(
      {
        ...invoice,
        invoiceId,
        creditBalance,
        paymentTermsDays: customer?.paymentTermsDays ?? null,
      },
      {
        finalizedAtMs: finalization.finalizedAtMs,
        number: format(await nextInSequence(tx, sequenceKey)),
      },
    );
    if (decision.creditConsumption) {
      await addCreditEntry(tx, invoice.customerId, decision.creditConsumption);
    }
    if (decision.carriedCredit) {
      await addCreditEntry(tx, invoice.customerId, decision.carriedCredit);
    }
    await recordCouponPeriods(tx, invoice.customerId, decision.couponIdsToCount);
    await saveFinalization(tx, invoiceId, decision);
    await recordBillingEvents(tx, decision.events);
    return true;
  });
  return found ? loadInvoice(db, invoiceId) : null;
}
