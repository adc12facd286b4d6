import type { Database } from '../../db/client';
import { loadCreditNote } from '../../db/repositories/credit-notes.repository';
import { loadCustomerWithProfile } from '../../db/repositories/customers.repository';
import { loadInvoice, type StoredInvoice } from '../../db/repositories/invoices.repository';
import { Decimal } from '../../domain/decimal';
import type {
  DocumentParty,
  InvoiceDocument,
  PaymentInstructions,
} from '../../domain/documents/invoice-document';
import { BillingError } from '../../domain/errors';
import { formatAmount } from '../../domain/money';
import type { RatedLine } from '../../domain/rating';

/** Who issues the documents and how to pay them (configuration, see workers/config.ts). */
export interface Issuer {
  party: DocumentParty;
  paymentInstructions: PaymentInstructions;
}

function notFinal(documentId: string): BillingError {
  return new BillingError('document_not_final', `${documentId} is not a final document`);
}

async function customerParty(db: Database, customerId: string) {
  const found = await loadCustomerWithProfile(db, customerId);
  if (!found) throw new BillingError('customer_not_found', `no customer ${customerId}`);
  const { customer, profile } = found;
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

/** A finalized invoice as its documents show it: everything from stored data, no clock. */
export async function loadInvoiceDocument(
  db: Database,
  issuer: Issuer,
  invoiceId: string,
): Promise<InvoiceDocument> {
  const invoice = await loadInvoice(db, invoiceId);
  if (!invoice || invoice.number === null || invoice.finalizedAtMs === null) {
    throw notFinal(invoiceId);
  }
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
    ...(await customerParty(db, invoice.customerId)),
    lines: invoice.lines,
    lineTaxRateIds: lineTaxRateIdsOf(invoice),
    discounts: invoice.discounts,
    taxes: invoice.taxes,
    subtotal: invoice.subtotal,
    totalDiscount: invoice.totalDiscount,
    totalExcludingTax: invoice.totalExcludingTax,
    totalTax: invoice.totalTax,
    total: invoice.total,
    creditsApplied: invoice.creditsApplied,
    amountDue: invoice.amountDue,
  };
}

/**
 * A credit note as its documents show it. Each credited line keeps the original line's
 * service (price, meter, dimensions) with the credited amount as a single unit: a partial
 * credit is an amount, not a quantity.
 */
export async function loadCreditNoteDocument(
  db: Database,
  issuer: Issuer,
  creditNoteId: string,
): Promise<InvoiceDocument> {
  const note = await loadCreditNote(db, creditNoteId);
  const invoice = note && (await loadInvoice(db, note.invoiceId));
  if (!note || !invoice?.number) throw notFinal(creditNoteId);
  const inclusiveTax = note.taxes
    .filter((tax) => tax.inclusive)
    .reduce((sum, tax) => sum.plus(tax.taxAmount), new Decimal(0));
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
    ...(await customerParty(db, note.customerId)),
    lines: note.lines.map((credited) => creditedLine(invoice, credited)),
    lineTaxRateIds: lineTaxRateIdsOf(invoice),
    discounts: [],
    taxes: note.taxes,
    subtotal: note.subtotal,
    totalDiscount: formatAmount(new Decimal(0), note.currency),
    totalExcludingTax: formatAmount(new Decimal(note.subtotal).minus(inclusiveTax), note.currency),
    totalTax: note.totalTax,
    total: note.total,
    creditsApplied: formatAmount(new Decimal(0), note.currency),
    amountDue: note.total,
  };
}

/** Which rates tax each line, as the invoice resolved them (a credited line keeps its id). */
function lineTaxRateIdsOf(invoice: StoredInvoice): Record<string, string[]> {
  return Object.fromEntries(invoice.lineTotals.map((line) => [line.lineId, line.taxRateIds]));
}

function creditedLine(
  invoice: StoredInvoice,
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
