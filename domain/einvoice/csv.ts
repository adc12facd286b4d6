import type { InvoiceDocument } from '../documents/invoice-document';
import { csvTable, num, text, type CsvField } from './csv-format';
import { isoDateInZone, periodDatesInZone } from './dates';
import { dimensionsField, lineDescription } from './line-text';

/**
 * CSV exports of finalized invoices and credit notes for accounting systems that import
 * files. Dates are ISO 8601 calendar dates in the customer's zone; the period end is the
 * last day of the period (as in the UBL InvoicePeriod). Amounts are the documents' own
 * strings, with exactly the currency's decimals.
 */
const INVOICE_HEADER = [
  'number',
  'kind',
  'customer_id',
  'customer_name',
  'issue_date',
  'due_date',
  'period_start',
  'period_end',
  'currency',
  'subtotal',
  'total_discount',
  'total_excluding_tax',
  'total_tax',
  'total',
  'credits_applied',
  'amount_due',
];

const LINE_HEADER = [
  'number',
  'line_id',
  'description',
  'meter',
  'dimensions',
  'quantity',
  'unit',
  'unit_price',
  'amount',
];

/** One row per invoice or credit note. */
export function toInvoicesCsv(docs: readonly InvoiceDocument[]): string {
  return csvTable(INVOICE_HEADER, docs.map(invoiceRow));
}

/** One row per line of every document, in document order. */
export function toInvoiceLinesCsv(docs: readonly InvoiceDocument[]): string {
  return csvTable(
    LINE_HEADER,
    docs.flatMap((doc) =>
      doc.lines.map((line): CsvField[] => [
        text(doc.number),
        text(line.lineId),
        text(lineDescription(line.meter, line.dimensions)),
        text(line.meter),
        text(dimensionsField(line.dimensions)),
        num(line.quantity),
        text(line.unit),
        num(line.unitPrice),
        num(line.amount),
      ]),
    ),
  );
}

function invoiceRow(doc: InvoiceDocument): CsvField[] {
  const period = periodDatesInZone(doc.periodStartMs, doc.periodEndMs, doc.timezone);
  return [
    text(doc.number),
    text(doc.kind),
    text(doc.customer.id),
    text(doc.customer.name),
    num(isoDateInZone(doc.issuedAtMs, doc.timezone)),
    num(doc.dueAtMs === null ? '' : isoDateInZone(doc.dueAtMs, doc.timezone)),
    num(period.startDate),
    num(period.endDate),
    text(doc.currency),
    num(doc.subtotal),
    num(doc.totalDiscount),
    num(doc.totalExcludingTax),
    num(doc.totalTax),
    num(doc.total),
    num(doc.creditsApplied),
    num(doc.amountDue),
  ];
}
