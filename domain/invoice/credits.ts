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

/** What the credit ledger holds, summed per kind (each (kind, reference) entry once). */
export interface CreditTotals {
  granted: string;
  consumed: string;
}

/**
 * The balance from the ledger's totals: granted minus consumed, formatted in `currency`.
 * The same figure as creditBalance over the entries, read in one row however long the
 * ledger grows. Example (EUR): granted 125.50, consumed 30.25 -> '95.25'.
 */
export function creditBalanceOfTotals(totals: CreditTotals, currency: string): string {
  const granted = parseAmount(totals.granted, currency, 'credits granted');
  const consumed = parseAmount(totals.consumed, currency, 'credits consumed');
  return money(granted.minus(consumed), currency);
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
