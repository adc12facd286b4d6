import type { Database } from '../db/client';
import { loadCreditNote } from '../db/repositories/credit-notes.repository';
import { loadDocument } from '../db/repositories/documents.repository';
import type { DocumentKind } from '../domain/billing-events';
import type { DocumentFormat } from '../domain/documents/formats';
import { BillingError } from '../domain/errors';
import { isWellFormedId } from '../domain/ids';
import { mayReadCustomer, type Principal } from '../domain/principal';
import { loadVisibleInvoice } from './access';

/** The number a document is saved under (null for a draft invoice), if the principal may read it. */
async function visibleNumber(
  db: Database,
  principal: Principal,
  kind: DocumentKind,
  id: string,
): Promise<string | null> {
  if (kind === 'invoice') return (await loadVisibleInvoice(db, principal, id)).number;
  const note = isWellFormedId(id) ? await loadCreditNote(db, id) : null;
  if (!note || !mayReadCustomer(principal, note.customerId)) {
    throw new BillingError('credit_note_not_found', `no credit note ${id}`);
  }
  return note.number;
}

/**
 * A stored file of a final invoice or credit note: the bytes rendered once after
 * finalization (the PDF that was emailed is the PDF served). Another customer's document is
 * not found; a draft, or a document not rendered yet, is document_not_ready.
 */
export async function getDocument(
  db: Database,
  principal: Principal,
  input: { kind: DocumentKind; id: string; format: DocumentFormat },
): Promise<{ number: string; content: Buffer; sha256: string }> {
  const number = await visibleNumber(db, principal, input.kind, input.id);
  const stored = number === null ? null : await loadDocument(db, input.id, input.format);
  if (number === null || !stored) {
    throw new BillingError(
      'document_not_ready',
      `no ${input.format} for ${input.id} yet: documents are rendered after finalization`,
    );
  }
  return { number, content: stored.content, sha256: stored.sha256 };
}
