import { and, asc, eq } from 'drizzle-orm';
import { creditBalance, type CreditLedgerEntry } from '../../domain/invoice';
import { BillingError } from '../../domain/errors';
import { Decimal } from '../../domain/decimal';
import type { Database, Transaction } from '../client';
import { creditEntries } from '../schema';

export interface CreditEntryView extends CreditLedgerEntry {
  currency: string;
  description: string;
  createdAtMs: number;
}

type Executor = Database | Transaction;

export async function loadCreditEntries(
  db: Executor,
  customerId: string,
): Promise<CreditEntryView[]> {
  const rows = await db
    .select()
    .from(creditEntries)
    .where(eq(creditEntries.customerId, customerId))
    .orderBy(asc(creditEntries.createdAt), asc(creditEntries.reference));
  return rows.map((row) => ({
    kind: row.kind,
    amount: row.amount,
    reference: row.reference,
    currency: row.currency,
    description: row.description,
    createdAtMs: row.createdAt.getTime(),
  }));
}

/** The customer's balance in its currency: grants minus consumptions. */
export async function loadCreditBalance(
  db: Executor,
  customerId: string,
  currency: string,
): Promise<string> {
  return creditBalance(await loadCreditEntries(db, customerId), currency);
}

/**
 * Adds a ledger entry once per (kind, reference): the same entry again is a no-op, another
 * amount under the same reference a conflict.
 */
export async function saveCreditEntry(
  db: Executor,
  customerId: string,
  entry: CreditLedgerEntry & { currency: string; description?: string },
): Promise<{ created: boolean }> {
  const inserted = await db
    .insert(creditEntries)
    .values({ customerId, ...entry, description: entry.description ?? '' })
    .onConflictDoNothing()
    .returning({ reference: creditEntries.reference });
  if (inserted.length > 0) return { created: true };
  const [existing] = await db
    .select({ amount: creditEntries.amount })
    .from(creditEntries)
    .where(
      and(
        eq(creditEntries.customerId, customerId),
        eq(creditEntries.kind, entry.kind),
        eq(creditEntries.reference, entry.reference),
      ),
    );
  if (!existing || !new Decimal(existing.amount).eq(entry.amount)) {
    throw new BillingError(
      'credit_exists',
      `credit ${entry.reference} exists with another amount`,
      {
        details: [{ field: 'id', message: 'already exists with another amount' }],
      },
    );
  }
  return { created: false };
}
