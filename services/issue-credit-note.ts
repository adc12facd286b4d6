import type { Database } from '../db/client';
import { recordBillingEvents } from '../db/repositories/billing-events.repository';
import {
  loadCreditNote,
  loadInvoiceCreditNotes,
  saveCreditNote,
} from '../db/repositories/credit-notes.repository';
import { lockInvoice, saveInvoiceState } from '../db/repositories/invoices.repository';
import { nextInSequence } from '../db/repositories/sequences.repository';
import { isWellFormedInvoiceId } from '../domain/ids';
import {
  computeCreditNote,
  creditNoteExists,
  creditNoteNumbering,
  decideCreditNoteReplay,
  settleWithCreditNote,
  type CreditNoteRequest,
  type StoredCreditNote,
} from '../domain/invoice';
import { addCreditEntry } from './credit-ledger';

export type { CreditNoteRequest } from '../domain/invoice';

/**
 * Issues a credit note against a finalized invoice, in one transaction under the invoice's
 * row lock: numbered gapless under the sequence row's lock, the invoice's outstanding
 * amount reduced by what it credits (paid when nothing is left), the rest granted to the
 * customer's credit balance, and the events recorded (see computeCreditNote,
 * settleWithCreditNote). The same id again returns the note it created; another request
 * under that id, here or on another invoice, is credit_note_exists (decideCreditNoteReplay).
 * Null: no such invoice.
 */
export async function issueCreditNote(
  db: Database,
  invoiceId: string,
  request: CreditNoteRequest,
  issuedAtMs: number,
): Promise<{ note: StoredCreditNote; created: boolean } | null> {
  if (!isWellFormedInvoiceId(invoiceId)) return null;
  return db.transaction(async (tx) => {
    const invoice = await lockInvoice(tx, invoiceId);
    if (!invoice) return null;
    const replay = decideCreditNoteReplay(await loadCreditNote(tx, request.id), invoiceId, request);
    if (replay.kind === 'replay') return { note: replay.note, created: false };
    const previous = await loadInvoiceCreditNotes(tx, invoiceId);
    const amounts = computeCreditNote({ ...invoice, previous }, request.lines);
    const { sequenceKey, format } = creditNoteNumbering(issuedAtMs);
    const note = await saveCreditNote(tx, {
      id: request.id,
      invoiceId,
      customerId: invoice.customerId,
      number: format(await nextInSequence(tx, sequenceKey)),
      reason: request.reason,
      currency: invoice.currency,
      ...amounts,
      issuedAtMs,
    });
    // Creates of one id on one invoice wait for each other on the invoice's lock; on two
    // invoices the loser finds the winner's row here, and rolls back (its number too).
    if (!note) throw creditNoteExists(request.id, 'another invoice');
    const settlement = settleWithCreditNote(invoice, amounts, note);
    await saveInvoiceState(tx, invoiceId, {
      amountCredited: settlement.amountCredited,
      status: settlement.status,
    });
    if (settlement.balanceGrant) {
      await addCreditEntry(tx, invoice.customerId, settlement.balanceGrant);
    }
    await recordBillingEvents(tx, settlement.events);
    return { note, created: true };
  });
}
