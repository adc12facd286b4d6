import type { Database, Transaction } from '../db/client';
import { loadCreditEntries } from '../db/repositories/credits.repository';
import { creditBalance, type CreditEntryView } from '../domain/invoice';
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

/** A customer's prepaid credits as the principal may see them: balance and ledger. */
export async function getCredits(
  db: Database,
  principal: Principal,
  customerId: string,
): Promise<Credits> {
  return loadCredits(db, await loadVisibleCustomer(db, principal, customerId));
}
