import type { AppliedDiscount, TaxBreakdown } from '../invoice/types';
import type { ProjectSection } from '../projects/sections';
import type { RatedLine } from '../rating/rated-line';

/** A party on a document: the issuer (seller) or the customer (buyer). */
export interface DocumentParty {
  name: string;
  /** Street lines, postal code and city as printed: ["Friedrichstr. 1", "10117 Berlin"]. */
  addressLines: string[];
  /** ISO 3166-1 alpha-2, e.g. "DE". Required by EN 16931 for both parties. */
  countryCode: string;
  /** VAT identifier, e.g. "DE123456789"; null when the party has none. */
  vatId: string | null;
  email: string | null;
}

/** How the issuer wants to be paid; printed on the invoice and carried in UBL PaymentMeans. */
export interface PaymentInstructions {
  /** IBAN for credit transfer, or null. */
  iban: string | null;
  bic: string | null;
  /** Free text, e.g. "Pay by bank transfer within 30 days quoting the invoice number." */
  note: string | null;
}

/**
 * Everything a finalized invoice or credit note document shows, as stored data: money as
 * decimal strings with exactly the currency's decimals, instants as epoch ms. Documents
 * (HTML, PDF, email, UBL, CSV) are rendered from this alone, so the same input always
 * gives the same bytes.
 */
export interface InvoiceDocument {
  kind: 'invoice' | 'credit_note';
  /** Business id (inv-<customer>-<periodStartMs>, or the credit note id). */
  id: string;
  /** Gapless number: INV-2026-000042 or CN-2026-000003. */
  number: string;
  /** Finalization instant (the issue date). */
  issuedAtMs: number;
  /** null for credit notes. */
  dueAtMs: number | null;
  /** The billing period, [startMs, endMs). */
  periodStartMs: number;
  periodEndMs: number;
  /** IANA zone of the customer: dates are printed in it. */
  timezone: string;
  /** BCP 47 locale for number and date formatting, e.g. "en-US", "de-DE". */
  locale: string;
  /** ISO 4217. */
  currency: string;
  issuer: DocumentParty;
  customer: DocumentParty & { id: string };
  paymentInstructions: PaymentInstructions;
  /** For a credit note: the number of the invoice it credits. */
  precedingInvoiceNumber: string | null;
  /** For a credit note: why it was issued. */
  reason: string | null;
  /**
   * Rated lines in invoice order; `subLines` is the per-resource detail (may be thousands).
   * For adjustment lines of late usage, `meter` and `dimensions` still identify the usage.
   */
  lines: RatedLine[];
  /**
   * The tax rates of each line (lineId -> rate ids), as the invoice resolved them; the
   * e-invoice needs them when a document has more than one rate. Absent: inferred.
   */
  lineTaxRateIds?: Record<string, string[]>;
  /**
   * What each negative restatement line carried to the credit balance (lineId -> amount):
   * the part that did not fit on this invoice (domain/invoice/carry-to-credit.ts). The line's
   * amount is what stayed; its sub-lines still show the whole restatement. Absent: none.
   */
  carriedToCredit?: Record<string, string>;
  discounts: AppliedDiscount[];
  taxes: TaxBreakdown[];
  subtotal: string;
  totalDiscount: string;
  totalExcludingTax: string;
  totalTax: string;
  total: string;
  creditsApplied: string;
  amountDue: string;
  /**
   * A central invoice's sections, one per project (the account's own lines: projectId
   * null), their subtotals summing to `subtotal`; absent when no line has a project.
   */
  projects?: ProjectSection[];
}
