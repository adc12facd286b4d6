import type { RatedLine } from '../rating/rated-line';
import type { UsageGroup } from '../rating/types';
import type { CreditNoteAmounts } from './credit-notes';
import type { InvoiceStatus } from './payments';
import type { AppliedDiscount, CreditLedgerEntry, InvoiceLineTotals, TaxBreakdown } from './types';

/** An invoice as stored: its totals and its lines, amounts as decimal strings. */
export interface StoredInvoice {
  id: string;
  customerId: string;
  periodStartMs: number;
  periodEndMs: number;
  planId: string;
  currency: string;
  status: InvoiceStatus;
  number: string | null;
  finalizedAtMs: number | null;
  dueAtMs: number | null;
  subtotal: string;
  discounts: AppliedDiscount[];
  totalDiscount: string;
  totalExcludingTax: string;
  totalTax: string;
  total: string;
  creditsApplied: string;
  amountDue: string;
  amountPaid: string;
  amountCredited: string;
  taxes: TaxBreakdown[];
  lineTotals: InvoiceLineTotals[];
  lines: RatedLine[];
  unmatchedUsage: UsageGroup[];
}

/** An invoice without its lines: what the lifecycle decisions read under the row lock. */
export type InvoiceHeader = Omit<StoredInvoice, 'lines'>;

/**
 * What paying, crediting and voiding an invoice read under its row lock: who it is for, its
 * status, and how much of its amount due is settled.
 */
export type InvoiceSettlementState = Pick<
  StoredInvoice,
  | 'id'
  | 'customerId'
  | 'number'
  | 'status'
  | 'currency'
  | 'amountDue'
  | 'amountPaid'
  | 'amountCredited'
>;

/** A credit note as stored: numbered, immutable; its amounts as issueCreditNote computed them. */
export interface StoredCreditNote extends CreditNoteAmounts {
  id: string;
  invoiceId: string;
  customerId: string;
  number: string;
  reason: string;
  currency: string;
  issuedAtMs: number;
}

/** A credit ledger entry to store: the entry with its currency and a description. */
export interface NewCreditEntry extends CreditLedgerEntry {
  currency: string;
  description: string;
}

/** A stored credit ledger entry, with the instant it was recorded. */
export interface CreditEntryView extends NewCreditEntry {
  createdAtMs: number;
}
