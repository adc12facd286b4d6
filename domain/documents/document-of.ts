import type { BillingProfile, Customer } from '../customer';
import { Decimal } from '../decimal';
import { BillingError } from '../errors';
import type { InvoiceLineTotals, StoredCreditNote, StoredInvoice } from '../invoice';
import { formatAmount } from '../money';
import type { Project } from '../projects/project';
import { hasProjects, projectSections } from '../projects/sections';
import type { RatedLine } from '../rating';
import { carriedByLine } from './carried-note';
import type { DocumentParty, InvoiceDocument, PaymentInstructions } from './invoice-document';

/** Who issues the documents and how to pay them (configuration, see runtime/config.ts). */
export interface Issuer {
  party: DocumentParty;
  paymentInstructions: PaymentInstructions;
}

/** A stored invoice, as far as its documents show it. */
export type DocumentInvoice = Pick<
  StoredInvoice,
  | 'id'
  | 'customerId'
  | 'number'
  | 'finalizedAtMs'
  | 'dueAtMs'
  | 'periodStartMs'
  | 'periodEndMs'
  | 'currency'
  | 'lines'
  | 'discounts'
  | 'taxes'
  | 'subtotal'
  | 'totalDiscount'
  | 'totalExcludingTax'
  | 'totalTax'
  | 'total'
  | 'creditsApplied'
  | 'amountDue'
> & { lineTotals: Pick<InvoiceLineTotals, 'lineId' | 'taxRateIds' | 'carriedToCredit'>[] };

/** A stored credit note, as far as its documents show it. */
export type DocumentCreditNote = Pick<
  StoredCreditNote,
  | 'id'
  | 'customerId'
  | 'number'
  | 'reason'
  | 'currency'
  | 'issuedAtMs'
  | 'lines'
  | 'taxes'
  | 'subtotal'
  | 'totalTax'
  | 'total'
>;

/** The customer's side of a document: the buyer party, and the zone and locale it is printed in. */
export type DocumentCustomer = Pick<InvoiceDocument, 'customer' | 'timezone' | 'locale'>;

export function notFinal(documentId: string): BillingError {
  return new BillingError('document_not_final', `${documentId} is not a final document`);
}

/** A customer and its billing profile as the buyer of its documents. */
export function documentCustomerOf(customer: Customer, profile: BillingProfile): DocumentCustomer {
  return {
    customer: {
      id: customer.id,
      name: customer.name,
      addressLines: profile.addressLines,
      countryCode: profile.countryCode ?? '',
      vatId: profile.vatId,
      email: customer.email,
    },
    timezone: customer.timezone,
    locale: profile.locale,
  };
}

/**
 * A finalized invoice as its documents show it: everything from stored data, no clock. A
 * draft (no number or finalization instant yet) has no documents: document_not_final.
 */
export function invoiceDocumentOf(
  invoice: DocumentInvoice,
  buyer: DocumentCustomer,
  issuer: Issuer,
  /** The customer's projects: a central invoice is shown in their sections. */
  projects: readonly Project[] = [],
): InvoiceDocument {
  if (invoice.number === null || invoice.finalizedAtMs === null) throw notFinal(invoice.id);
  return {
    kind: 'invoice',
    id: invoice.id,
    number: invoice.number,
    issuedAtMs: invoice.finalizedAtMs,
    dueAtMs: invoice.dueAtMs,
    periodStartMs: invoice.periodStartMs,
    periodEndMs: invoice.periodEndMs,
    currency: invoice.currency,
    issuer: issuer.party,
    paymentInstructions: issuer.paymentInstructions,
    precedingInvoiceNumber: null,
    reason: null,
    ...buyer,
    lines: invoice.lines,
    lineTaxRateIds: lineTaxRateIdsOf(invoice),
    ...carriedToCreditOf(invoice),
    discounts: invoice.discounts,
    taxes: invoice.taxes,
    subtotal: invoice.subtotal,
    totalDiscount: invoice.totalDiscount,
    totalExcludingTax: invoice.totalExcludingTax,
    totalTax: invoice.totalTax,
    total: invoice.total,
    creditsApplied: invoice.creditsApplied,
    amountDue: invoice.amountDue,
    ...(hasProjects(invoice.lines)
      ? {
          projects: projectSections(invoice.lines, projects, invoice.currency, invoice.subtotal),
        }
      : {}),
  };
}

/**
 * A credit note as its documents show it. Each credited line keeps the original line's
 * service (price, meter, dimensions) with the credited amount as a single unit: a partial
 * credit is an amount, not a quantity. The credited invoice must be final.
 */
export function creditNoteDocumentOf(
  note: DocumentCreditNote,
  invoice: DocumentInvoice,
  buyer: DocumentCustomer,
  issuer: Issuer,
): InvoiceDocument {
  if (!invoice.number) throw notFinal(note.id);
  const inclusiveTax = note.taxes
    .filter((tax) => tax.inclusive)
    .reduce((sum, tax) => sum.plus(tax.taxAmount), new Decimal(0));
  const zero = formatAmount(new Decimal(0), note.currency);
  return {
    kind: 'credit_note',
    id: note.id,
    number: note.number,
    issuedAtMs: note.issuedAtMs,
    dueAtMs: null,
    periodStartMs: invoice.periodStartMs,
    periodEndMs: invoice.periodEndMs,
    currency: note.currency,
    issuer: issuer.party,
    paymentInstructions: issuer.paymentInstructions,
    precedingInvoiceNumber: invoice.number,
    reason: note.reason,
    ...buyer,
    lines: note.lines.map((credited) => creditedLine(invoice, credited)),
    lineTaxRateIds: lineTaxRateIdsOf(invoice),
    discounts: [],
    taxes: note.taxes,
    subtotal: note.subtotal,
    totalDiscount: zero,
    totalExcludingTax: formatAmount(new Decimal(note.subtotal).minus(inclusiveTax), note.currency),
    totalTax: note.totalTax,
    total: note.total,
    creditsApplied: zero,
    amountDue: note.total,
  };
}

/** Which rates tax each line, as the invoice resolved them (a credited line keeps its id). */
function lineTaxRateIdsOf(invoice: DocumentInvoice): Record<string, string[]> {
  return Object.fromEntries(invoice.lineTotals.map((line) => [line.lineId, line.taxRateIds]));
}

/** The amounts the invoice's negative restatements carried to credit, if any did. */
function carriedToCreditOf(invoice: DocumentInvoice): Pick<InvoiceDocument, 'carriedToCredit'> {
  const carried = carriedByLine(invoice.lineTotals);
  return Object.keys(carried).length === 0 ? {} : { carriedToCredit: carried };
}

function creditedLine(
  invoice: DocumentInvoice,
  credited: { lineId: string; amount: string },
): RatedLine {
  const original = invoice.lines.find((line) => line.lineId === credited.lineId);
  return {
    lineId: credited.lineId,
    priceId: original?.priceId ?? credited.lineId,
    meter: original?.meter ?? credited.lineId,
    dimensions: original?.dimensions ?? {},
    quantity: '1',
    unit: 'credit',
    unitPrice: credited.amount,
    preciseAmount: credited.amount,
    amount: credited.amount,
    subLines: [],
  };
}
