import { Decimal } from '../decimal';
import { BillingError } from '../errors';
import { parseAmount, money } from './amounts';
import type { CreditLedger, CreditLedgerEntry } from './types';

/**
 * The balance of a credit ledger: grants minus consumptions, formatted in `currency`.
 * Entries are keyed by (kind, reference): an identical entry seen twice (a retried write
 * read back twice) counts once; two different amounts under one key are a ledger bug.
 * The balance can be negative only if the ledger is; assembly applies no negative credit.
 */
export function creditBalance(entries: CreditLedger, currency: string): string {
  const seen = new Map<string, string>();
  let balance = new Decimal(0);
  for (const entry of entries) {
    const amount = parseAmount(entry.amount, currency, `credit ${entry.reference} amount`);
    const key = `${entry.kind}:${entry.reference}`;
    const previous = seen.get(key);
    if (previous !== undefined) {
      if (new Decimal(previous).eq(amount)) continue;
      throw new BillingError('conflicting_credit_entry', `two amounts for credit ${key}`, {
        details: {
          kind: entry.kind,
          reference: entry.reference,
          amounts: [previous, entry.amount],
        },
      });
    }
    seen.set(key, entry.amount);
    balance = entry.kind === 'grant' ? balance.plus(amount) : balance.minus(amount);
  }
  return money(balance, currency);
}

/** The idempotency key of an invoice's credit consumption: one per invoice, never random. */
export function creditConsumptionReference(invoiceId: string): string {
  return `invoice:${invoiceId}`;
}

/** Credits apply after tax, to the total: min(balance, total), never below zero. */
export function computeCreditsApplied(balance: Decimal, total: Decimal): Decimal {
  return Decimal.max(new Decimal(0), Decimal.min(balance, total));
}

export function creditConsumptionEntry(
  invoiceId: string,
  creditsApplied: Decimal,
  currency: string,
): CreditLedgerEntry | null {
  if (creditsApplied.isZero()) return null;
  return {
    kind: 'consumption',
    amount: money(creditsApplied, currency),
    reference: creditConsumptionReference(invoiceId),
  };
}
