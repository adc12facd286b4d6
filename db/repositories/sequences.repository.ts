import { sql } from 'drizzle-orm';
import type { Transaction } from '../client';
import { invoiceSequences } from '../schema';

/**
 * The next number of a sequence (invoice or credit note numbers), taken under its row lock
 * until the transaction ends: numbers are gapless, and each is used once.
 */
export async function nextInSequence(tx: Transaction, key: string): Promise<number> {
  const [counter] = await tx
    .insert(invoiceSequences)
    .values({ key, last: 1 })
    .onConflictDoUpdate({
      target: invoiceSequences.key,
      set: { last: sql`${invoiceSequences.last} + 1` },
    })
    .returning({ last: invoiceSequences.last });
  return counter?.last ?? 1;
}
