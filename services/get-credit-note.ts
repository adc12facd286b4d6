import type { Database } from '../db/client';
import { loadCreditNote } from '../db/repositories/credit-notes.repository';
import { BillingError } from '../domain/errors';
import { isWellFormedId } from '../domain/ids';
import type { StoredCreditNote } from '../domain/invoice';
import { mayReadCustomer, type Principal } from '../domain/principal';

/** A credit note, if the principal may read it; otherwise credit_note_not_found. */
export async function getCreditNote(
  db: Database,
  principal: Principal,
  id: string,
): Promise<StoredCreditNote> {
  const note = isWellFormedId(id) ? await loadCreditNote(db, id) : null;
  if (!note || !mayReadCustomer(principal, note.customerId)) {
    throw new BillingError('credit_note_not_found', `no credit note ${id}`);
  }
  return note;
}
