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
  type InvoiceHeader,
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
  const header = await finalizeInvoiceHeader(db, invoiceId, finalization);
  return header ? loadInvoice(db, invoiceId) : null;
}

/**
 * finalizeInvoice without reading the lines back: the invoice row as the transaction left
 * it (finalized now, or as it was when it needed no finalization). The period close needs
 * only its number and finalization instant, so it saves the reload of the whole invoice.
 */
export async function finalizeInvoiceHeader(
  db: Database,
  invoiceId: string,
  finalization: Finalization,
): Promise<InvoiceHeader | null> {
  if (!isWellFormedInvoiceId(invoiceId)) return null;
  return db.transaction(async (tx) => {
    const invoice = await lockInvoice(tx, invoiceId);
    if (!invoice) return null;
    if (!needsFinalization(invoice.status)) return invoice;
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
    // The row locked above: there is one to update.
    const finalized = await saveFinalization(tx, invoiceId, decision);
    await recordBillingEvents(tx, decision.events);
    return finalized ?? invoice;
  });
}
