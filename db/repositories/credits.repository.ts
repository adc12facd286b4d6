import { and, asc, eq, sql } from 'drizzle-orm';
import {
  creditBalanceOfTotals,
  type CreditEntryView,
  type NewCreditEntry,
} from '../../domain/invoice';
import type { Database, Transaction } from '../client';
import { afterKey } from '../keyset';
import { creditEntries, customers } from '../schema';

export type { CreditEntryView } from '../../domain/invoice';

type Executor = Database | Transaction;

export async function loadCreditEntries(
  db: Executor,
  customerId: string,
): Promise<CreditEntryView[]> {
  const rows = await db
    .select()
    .from(creditEntries)
    .where(eq(creditEntries.customerId, customerId))
    .orderBy(asc(creditEntries.createdAt), asc(creditEntries.reference), asc(creditEntries.kind));
  return rows.map(toView);
}

type CreditEntryRow = typeof creditEntries.$inferSelect;

const toView = (row: CreditEntryRow): CreditEntryView => ({
  kind: row.kind,
  amount: row.amount,
  reference: row.reference,
  currency: row.currency,
  description: row.description,
  createdAtMs: row.createdAt.getTime(),
});

/**
 * Up to `take` ledger entries of the customer in (created at, reference, kind) order (the
 * order of loadCreditEntries, made unique), after the key `[createdAtMs, reference, kind]`
 * when given (keyset pagination).
 */
export async function loadCreditEntriesAfter(
  db: Executor,
  customerId: string,
  page: { take: number; after?: readonly [number, string, string] },
): Promise<CreditEntryView[]> {
  const rows = await db
    .select()
    .from(creditEntries)
    .where(
      and(
        eq(creditEntries.customerId, customerId),
        page.after
          ? afterKey(
              [creditEntries.createdAt, creditEntries.reference, creditEntries.kind],
              [new Date(page.after[0]), page.after[1], page.after[2]],
            )
          : undefined,
      ),
    )
    .orderBy(asc(creditEntries.createdAt), asc(creditEntries.reference), asc(creditEntries.kind))
    .limit(page.take);
  return rows.map(toView);
}

/**
 * The customer's balance in its currency: the ledger summed per kind by the database (its
 * key, (customer, kind, reference), holds each entry once) and settled by
 * creditBalanceOfTotals (domain). One row, however many invoices have consumed credit.
 */
export async function loadCreditBalance(
  db: Executor,
  customerId: string,
  currency: string,
): Promise<string> {
  const rows = await db
    .select({ kind: creditEntries.kind, total: sql<string>`sum(${creditEntries.amount})::text` })
    .from(creditEntries)
    .where(eq(creditEntries.customerId, customerId))
    .groupBy(creditEntries.kind);
  const total = (kind: CreditEntryView['kind']) =>
    rows.find((row) => row.kind === kind)?.total ?? '0';
  return creditBalanceOfTotals(
    { granted: total('grant'), consumed: total('consumption') },
    currency,
  );
}

/**
 * Locks the customer's row until the transaction ends: whoever spends or reads the credit
 * ledger to spend it holds this lock, so two invoices never spend the same balance. Returns
 * the customer's payment terms (finalization needs them), null for an unknown customer.
 */
export async function lockCustomerLedger(
  tx: Transaction,
  customerId: string,
): Promise<{ paymentTermsDays: number } | null> {
  const [row] = await tx
    .select({ paymentTermsDays: customers.paymentTermsDays })
    .from(customers)
    .where(eq(customers.id, customerId))
    .for('update');
  return row ?? null;
}

/** The stored entry under (kind, reference), if any. */
export async function loadCreditEntry(
  db: Executor,
  customerId: string,
  key: { kind: NewCreditEntry['kind']; reference: string },
): Promise<{ amount: string } | null> {
  const [row] = await db
    .select({ amount: creditEntries.amount })
    .from(creditEntries)
    .where(
      and(
        eq(creditEntries.customerId, customerId),
        eq(creditEntries.kind, key.kind),
        eq(creditEntries.reference, key.reference),
      ),
    );
  return row ?? null;
}

/**
 * Adds a ledger entry unless one exists under its (kind, reference): `created: false` then,
 * and the caller compares the stored entry (see decideLedgerReplay).
 */
export async function saveCreditEntry(
  db: Executor,
  customerId: string,
  entry: Omit<NewCreditEntry, 'description'> & { description?: string },
): Promise<{ created: boolean }> {
  const inserted = await db
    .insert(creditEntries)
    .values({ customerId, ...entry, description: entry.description ?? '' })
    .onConflictDoNothing()
    .returning({ reference: creditEntries.reference });
  return { created: inserted.length > 0 };
}
