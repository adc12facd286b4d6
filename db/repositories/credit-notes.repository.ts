import { and, asc, eq, gte, lt } from 'drizzle-orm';
import type { StoredCreditNote } from '../../domain/invoice';
import type { Database, Transaction } from '../client';
import { afterKey } from '../keyset';
import { creditNotes } from '../schema';

export type { StoredCreditNote } from '../../domain/invoice';

type Executor = Database | Transaction;

type CreditNoteRow = typeof creditNotes.$inferSelect;

function toStored(row: CreditNoteRow): StoredCreditNote {
  const { issuedAt, ...rest } = row;
  return { ...rest, issuedAtMs: issuedAt.getTime() };
}

/** The credit notes of an invoice in number order (under the invoice's lock when in a tx). */
export async function loadInvoiceCreditNotes(
  db: Executor,
  invoiceId: string,
): Promise<StoredCreditNote[]> {
  const rows = await db
    .select()
    .from(creditNotes)
    .where(eq(creditNotes.invoiceId, invoiceId))
    .orderBy(asc(creditNotes.number));
  return rows.map(toStored);
}

/** Up to `take` credit notes of an invoice in number order, after the number `after[0]` when given. */
export async function loadInvoiceCreditNotesAfter(
  db: Executor,
  invoiceId: string,
  page: { take: number; after?: readonly [string] },
): Promise<StoredCreditNote[]> {
  const rows = await db
    .select()
    .from(creditNotes)
    .where(
      and(
        eq(creditNotes.invoiceId, invoiceId),
        page.after ? afterKey([creditNotes.number], page.after) : undefined,
      ),
    )
    .orderBy(asc(creditNotes.number))
    .limit(page.take);
  return rows.map(toStored);
}

/** Stores a new credit note and returns it as stored; null when its id is taken. */
export async function saveCreditNote(
  tx: Transaction,
  note: StoredCreditNote,
): Promise<StoredCreditNote | null> {
  const { issuedAtMs, ...values } = note;
  const [row] = await tx
    .insert(creditNotes)
    .values({ ...values, issuedAt: new Date(issuedAtMs) })
    .onConflictDoNothing({ target: creditNotes.id })
    .returning();
  return row ? toStored(row) : null;
}

export async function loadCreditNote(db: Executor, id: string): Promise<StoredCreditNote | null> {
  const [row] = await db.select().from(creditNotes).where(eq(creditNotes.id, id));
  return row ? toStored(row) : null;
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
