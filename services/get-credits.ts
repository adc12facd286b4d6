import type { Database, Transaction } from '../db/client';
import {
  loadCreditBalance,
  loadCreditEntries,
  loadCreditEntriesAfter,
} from '../db/repositories/credits.repository';
import { creditBalance, type CreditEntryView } from '../domain/invoice';
import { decodeCursor, pageOf, type PageRequest } from '../domain/pagination';
import type { Principal } from '../domain/principal';
import { loadVisibleCustomer } from './access';

export interface Credits {
  currency: string;
  /** Grants minus consumptions, in the customer's currency. */
  balance: string;
  /** The ledger, oldest first. */
  entries: CreditEntryView[];
}

/** A customer's ledger and balance in one read. */
export async function loadCredits(
  db: Database | Transaction,
  customer: { id: string; currency: string },
): Promise<Credits> {
  const entries = await loadCreditEntries(db, customer.id);
  return {
    currency: customer.currency,
    balance: creditBalance(entries, customer.currency),
    entries,
  };
}

/** The balance of the whole ledger and one page of its entries. */
export interface CreditsPage extends Credits {
  nextCursor: string | null;
}

/**
 * A customer's prepaid credits as the principal may see them: the balance of the whole
 * ledger, and a page of its entries oldest first ((created at, reference, kind) order).
 */
export async function getCreditsPage(
  db: Database,
  principal: Principal,
  customerId: string,
  page: PageRequest,
): Promise<CreditsPage> {
  const after =
    page.cursor === undefined
      ? undefined
      : decodeCursor(page.cursor, ['number', 'string', 'string']);
  const customer = await loadVisibleCustomer(db, principal, customerId);
  const rows = await loadCreditEntriesAfter(db, customer.id, { take: page.limit + 1, after });
  const { items, nextCursor } = pageOf(rows, page.limit, (entry) => [
    entry.createdAtMs,
    entry.reference,
    entry.kind,
  ]);
  return {
    currency: customer.currency,
    balance: await loadCreditBalance(db, customer.id, customer.currency),
    entries: items,
    nextCursor,
  };
}
