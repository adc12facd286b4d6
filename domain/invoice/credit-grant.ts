import { Decimal } from '../decimal';
import { BillingError } from '../errors';
import { currencyExponent } from '../money';
import type { NewCreditEntry } from './stored-records';

/**
 * A credit grant by an operator, in the customer's currency: positive and in whole minor
 * units of that currency. Its id is the ledger reference (the idempotency key).
 *
 * Example: JPY customer, { id g1, amount "1000" } -> grant 1000 under g1; "10.5" ->
 * invalid_request naming `amount` (a yen has no decimals); EUR "50.00" -> grant 50.00.
 */
export function decideCreditGrant(
  currency: string,
  request: { id: string; amount: string; description?: string },
): NewCreditEntry {
  const amount = new Decimal(request.amount);
  if (amount.lte(0) || amount.decimalPlaces() > currencyExponent(currency)) {
    throw new BillingError('invalid_request', 'the credit grant is invalid', {
      details: [{ field: 'amount', message: `must be positive, in whole ${currency} minor units` }],
    });
  }
  return {
    kind: 'grant',
    reference: request.id,
    amount: request.amount,
    currency,
    description: request.description ?? '',
  };
}

/**
 * A ledger entry whose (kind, reference) is already stored: the same amount again is a
 * replay (a retry), another amount a credit_exists conflict. Entries are never edited.
 *
 * Example: stored grant g1 of 1000; g1 1000 again -> replay; g1 999 -> credit_exists.
 */
export function decideLedgerReplay(
  existing: { amount: string } | null,
  entry: { reference: string; amount: string },
): 'replay' {
  if (!existing || !new Decimal(existing.amount).eq(entry.amount)) {
    throw new BillingError(
      'credit_exists',
      `credit ${entry.reference} exists with another amount`,
      {
        details: [{ field: 'id', message: 'already exists with another amount' }],
      },
    );
  }
  return 'replay';
}
