import type { Database } from '../db/client';
import { decideCreditGrant } from '../domain/invoice';
import type { Principal } from '../domain/principal';
import { loadVisibleCustomer } from './access';
import { addCreditEntry } from './credit-ledger';
import { loadCredits, type Credits } from './get-credits';

export interface CreditGrantRequest {
  /** The grant's business id: the idempotency key (the ledger reference). */
  id: string;
  amount: string;
  description?: string;
}

/**
 * Grants prepaid credit to a customer, in its currency (see decideCreditGrant), once per id:
 * the same grant again is a replay (`created: false`), another amount under the id
 * credit_exists. Answers the customer's credits afterwards.
 */
export async function grantCredit(
  db: Database,
  principal: Principal,
  customerId: string,
  request: CreditGrantRequest,
): Promise<{ created: boolean; credits: Credits }> {
  const customer = await loadVisibleCustomer(db, principal, customerId);
  const entry = decideCreditGrant(customer.currency, request);
  return db.transaction(async (tx) => {
    const { created } = await addCreditEntry(tx, customer.id, entry);
    return { created, credits: await loadCredits(tx, customer) };
  });
}
