import type { Transaction } from '../db/client';
import { loadCreditEntry, saveCreditEntry } from '../db/repositories/credits.repository';
import { decideLedgerReplay, type NewCreditEntry } from '../domain/invoice';

/**
 * Adds an entry to a customer's credit ledger inside the caller's transaction, once per
 * (kind, reference): the same entry again is a replay (`created: false`), another amount
 * under that reference a credit_exists conflict. Used by grants, finalization and credit
 * notes; not an operation of its own.
 */
export async function addCreditEntry(
  tx: Transaction,
  customerId: string,
  entry: NewCreditEntry,
): Promise<{ created: boolean }> {
  const { created } = await saveCreditEntry(tx, customerId, entry);
  if (created) return { created };
  decideLedgerReplay(await loadCreditEntry(tx, customerId, entry), entry);
  return { created: false };
}
