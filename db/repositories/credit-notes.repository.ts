import { and, asc, eq, gte, lt } from 'drizzle-orm';
import { computeCreditNote, type CreditNoteLine, type TaxBreakdown } from '../../domain/invoice';
import { Decimal } from '../../domain/decimal';
import { BillingError } from '../../domain/errors';
import { formatAmount } from '../../domain/money';
import type { Database } from '../client';
import { creditNotes, invoices } from '../schema';
import { recordBillingEvent } from './billing-events.repository';
import { saveCreditEntry } from './credits.repository';
import { nextInSequence } from './invoices.repository';

export interface StoredCreditNote {
  id: string;
  invoiceId: string;
  customerId: string;
  number: string;
  reason: string;
  currency: string;
  lines: CreditNoteLine[];
  taxes: TaxBreakdown[];
  subtotal: string;
  totalTax: string;
  total: string;
  appliedToInvoice: string;
  creditedToBalance: string;
  issuedAtMs: number;
}

export interface CreditNoteRequest {
  id: string;
  reason: string;
  /** Omitted: a full credit note of everything not yet credited. */
  lines?: CreditNoteLine[];
}

type CreditNoteRow = typeof creditNotes.$inferSelect;

function toStored(row: CreditNoteRow): StoredCreditNote {
  const { issuedAt, ...rest } = row;
  return { ...rest, issuedAtMs: issuedAt.getTime() };
}

/** Credit notes run gapless per calendar year (UTC) of issue: CN-2026-000001. */
function creditNoteNumbering(issuedAtMs: number): { key: string; format: (n: number) => string } {
  const year = new Date(issuedAtMs).getUTCFullYear();
  return { key: `CN-${year}`, format: (n) => `CN-${year}-${String(n).padStart(6, '0')}` };
}

/**
 * Issues a credit note against a finalized invoice, in one transaction under the invoice's
 * lock: numbered gapless, the invoice's outstanding amount reduced by what it credits (the
 * invoice is paid when nothing is left), the rest granted to the customer's credit balance,
 * and credit_note.created recorded in the outbox. The same id again returns the note it
 * created; another request under that id is a conflict. Null: no such invoice.
 */
export async function createCreditNote(
  db: Database,
  invoiceId: string,
  request: CreditNoteRequest,
  issuedAtMs: number,
): Promise<{ note: StoredCreditNote; created: boolean } | null> {
  return db.transaction(async (tx) => {
    const [invoice] = await tx
      .select()
      .from(invoices)
      .where(eq(invoices.id, invoiceId))
      .for('update');
    if (!invoice) return null;
    const previous = await tx
      .select()
      .from(creditNotes)
      .where(eq(creditNotes.invoiceId, invoiceId))
      .orderBy(asc(creditNotes.number));
    const same = previous.find((note) => note.id === request.id);
    if (same) {
      const matches =
        same.reason === request.reason &&
        (request.lines === undefined ||
          JSON.stringify(same.lines) === JSON.stringify(request.lines));
      if (!matches) {
        throw new BillingError('credit_note_exists', `credit note ${request.id} exists`, {
          details: [{ field: 'id', message: 'already used for another credit note' }],
        });
      }
      return { note: toStored(same), created: false };
    }
    const amounts = computeCreditNote(
      { ...invoice, previous: previous.map(({ lines, taxes }) => ({ lines, taxes })) },
      request.lines,
    );
    const { key, format } = creditNoteNumbering(issuedAtMs);
    const [row] = await tx
      .insert(creditNotes)
      .values({
        id: request.id,
        invoiceId,
        customerId: invoice.customerId,
        number: format(await nextInSequence(tx, key)),
        reason: request.reason,
        currency: invoice.currency,
        ...amounts,
        issuedAt: new Date(issuedAtMs),
      })
      .returning();
    if (!row) throw new BillingError('internal', 'credit note insert returned nothing');
    const credited = new Decimal(invoice.amountCredited).plus(amounts.appliedToInvoice);
    const settled = credited.plus(invoice.amountPaid).gte(invoice.amountDue);
    await tx
      .update(invoices)
      .set({
        amountCredited: formatAmount(credited, invoice.currency),
        ...(settled ? { status: 'paid' as const } : {}),
      })
      .where(eq(invoices.id, invoiceId));
    if (settled && invoice.status !== 'paid') {
      await recordBillingEvent(tx, {
        type: 'invoice.paid',
        customerId: invoice.customerId,
        subjectId: invoiceId,
        payload: { invoiceId, number: invoice.number, settledBy: row.number },
        occurredAtMs: issuedAtMs,
      });
    }
    if (!new Decimal(amounts.creditedToBalance).isZero()) {
      await saveCreditEntry(tx, invoice.customerId, {
        kind: 'grant',
        amount: amounts.creditedToBalance,
        reference: `credit_note:${request.id}`,
        currency: invoice.currency,
        description: `Credit note ${row.number}`,
      });
    }
    await recordBillingEvent(tx, {
      type: 'credit_note.created',
      customerId: invoice.customerId,
      subjectId: request.id,
      payload: { creditNoteId: request.id, number: row.number, invoiceId, total: row.total },
      occurredAtMs: issuedAtMs,
    });
    return { note: toStored(row), created: true };
  });
}

export async function loadCreditNote(db: Database, id: string): Promise<StoredCreditNote | null> {
  const [row] = await db.select().from(creditNotes).where(eq(creditNotes.id, id));
  return row ? toStored(row) : null;
}

export async function loadInvoiceCreditNotes(
  db: Database,
  invoiceId: string,
): Promise<StoredCreditNote[]> {
  const rows = await db
    .select()
    .from(creditNotes)
    .where(eq(creditNotes.invoiceId, invoiceId))
    .orderBy(asc(creditNotes.number));
  return rows.map(toStored);
}

/** Ids of the credit notes issued in [fromMs, toMs), in number order (for exports). */
export async function loadCreditNoteIdsIssuedBetween(
  db: Database,
  fromMs: number,
  toMs: number,
): Promise<string[]> {
  const rows = await db
    .select({ id: creditNotes.id })
    .from(creditNotes)
    .where(
      and(gte(creditNotes.issuedAt, new Date(fromMs)), lt(creditNotes.issuedAt, new Date(toMs))),
    )
    .orderBy(asc(creditNotes.number));
  return rows.map((row) => row.id);
}
